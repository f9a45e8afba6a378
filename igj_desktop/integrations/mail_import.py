"""Read dropped or imported post: .msg (extract-msg) and .eml (stdlib) into one plain shape.

Everything here is pure: bytes in, dataclasses out. Bad input raises ``MailImportError`` with
a complete Dutch message; nothing is written anywhere.
"""

from __future__ import annotations

import email
import hashlib
import io
import mimetypes
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import errors, policy
from email.errors import HeaderParseError
from email.feedparser import BytesFeedParser
from email.header import decode_header, make_header
from email.message import EmailMessage, Message, MIMEPart
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from pathlib import Path, PureWindowsPath
from typing import TYPE_CHECKING

from igj_desktop.errors import ValidationFailed
from igj_desktop.integrations.bestandsnamen import veilig
from igj_desktop.integrations.bestandsslot import herhaal
from igj_desktop.integrations.mail_regeleinde import versnel_feedparser

if TYPE_CHECKING:  # extract_msg is imported only when a .msg comes in (start-up time)
    from extract_msg.msg_classes import MSGFile

versnel_feedparser()  # every .eml goes through the feedparser, the window's too

MAIL_EXTENSIONS = (".msg", ".eml")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_NAME = 150


class MailImportError(ValidationFailed):
    """A file that cannot be read as post; ``message`` says why, in Dutch."""


@dataclass(frozen=True)
class Bijlage:
    """An attachment: a file, an inline image, or a whole attached mail (``is_mail``)."""

    naam: str
    data: bytes
    mime_type: str
    inline: bool = False
    content_id: str | None = None
    is_mail: bool = False


@dataclass(frozen=True)
class ParsedMail:
    bestandsnaam: str
    data: bytes
    afzender: str
    aan: str
    cc: str
    onderwerp: str
    ontvangen: datetime | None
    message_id: str | None
    tekst: str
    bijlagen: tuple[Bijlage, ...] = ()
    soort: str = "mail"  # "mail" or "afspraak" (an Outlook appointment item)
    waarschuwingen: tuple[str, ...] = ()  # what the user must hear: a part that could be lost

    def inhoud_sleutel(self) -> str:
        """What makes two files the same mail: the headers, the text and each attachment, not
        the bytes (CRLF or LF, re-saved) and not the Message-ID alone (senders reuse them)."""
        digest = hashlib.sha256()
        for veld in (self.message_id or "", self.afzender, self.aan, self.cc, self.onderwerp):
            digest.update(veld.encode() + b"\0")
        digest.update((self.ontvangen.isoformat() if self.ontvangen else "").encode() + b"\0")
        digest.update(_zonder_regeleinden(self.tekst.encode()) + b"\0")
        for bijlage in self.bijlagen:
            data = bijlage.data
            if bijlage.mime_type.startswith("text/") or bijlage.is_mail:
                data = _zonder_regeleinden(data)
            digest.update(f"{bijlage.naam}\0{hashlib.sha256(data).hexdigest()}\0".encode())
        return digest.hexdigest()


@dataclass(frozen=True)
class ParsedFile:
    naam: str
    datum: datetime | None
    data: bytes
    mime_type: str = "application/octet-stream"

    def inhoud_sleutel(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def _zonder_regeleinden(data: bytes) -> bytes:
    """The same text whichever line ends it was saved with, without trailing spaces."""
    return b"\n".join(line.rstrip() for line in data.splitlines()).strip()


@dataclass
class _Parts:
    bijlagen: list[Bijlage] = field(default_factory=list)


# --- names and text ---------------------------------------------------------------------------


def safe_filename(name: str | None, default: str = "bijlage") -> str:
    """A name Windows accepts (``bestandsnamen.veilig``), without the path parts."""
    name = unicodedata.normalize("NFC", name or "")
    name = PureWindowsPath(name.replace("/", "\\")).name  # drop "..\\" and folders
    return veilig(name, default, MAX_NAME)


def naam_van_onderwerp(onderwerp: str, default: str) -> str:
    """A file name made from a subject: "Uw kenmerk 2024/0153: klacht" keeps every word, its
    slashes made safe, where ``safe_filename`` would read them as folders and drop the rest."""
    return safe_filename(onderwerp.replace("/", "_").replace("\\", "_"), default)


def decode_8bit(data: bytes, charset: str | None = None) -> str:
    """Header bytes sent raw, without an encoded-word: UTF-8 when they are, else the code page
    the mail declares, else Windows-1252 (what such mail is in practice), else Latin-1."""
    for encoding in ("utf-8", charset, "cp1252"):
        if encoding:
            try:
                return data.decode(encoding)
            except (UnicodeError, LookupError):
                continue
    return data.decode("latin-1")


def clean_text(value: str | None) -> str:
    """A header value without NUL and control characters (Outlook pads subjects with NUL)."""
    if not value:
        return ""
    value = str(value).replace("\x00", "")
    value = re.sub(r"[\x01-\x08\x0b\x0c\x0e-\x1f]", "", value)
    return " ".join(value.split())


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in ("script", "style", "head"):
            self._skip += 1
        elif tag in ("br", "p", "div", "tr", "li"):
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    parser = _TextOnly()
    parser.feed(html)
    text = "".join(parser.parts)
    return re.sub(r"\n\s*\n+", "\n\n", text).strip()


def _aware(value: datetime | None) -> datetime | None:
    """UTC-aware, or None for a date that cannot be right (before 1980, far future)."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)  # RFC 5322 "-0000": UTC, origin unknown
    value = value.astimezone(UTC)
    if value.year < 1980 or value > datetime.now(UTC).replace(year=datetime.now(UTC).year + 1):
        return None
    return value


def _mime(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


# --- entry points -----------------------------------------------------------------------------


def parse_path(path: Path) -> ParsedMail | ParsedFile:
    try:
        data = herhaal(path.read_bytes, path, "het inlezen")
        modified = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    except OSError as exc:
        raise MailImportError(
            f"Het bestand '{path.name}' kan niet worden gelezen ({exc.strerror}). "
            "Er is niets geregistreerd."
        ) from exc
    return parse_bytes(path.name, data, modified)


def parse_bytes(naam: str, data: bytes, datum: datetime | None = None) -> ParsedMail | ParsedFile:
    """Read one dropped file: a mail becomes ``ParsedMail``, anything else ``ParsedFile``."""
    naam = safe_filename(naam, "bestand")
    if not data:
        raise MailImportError(f"Het bestand '{naam}' is leeg (0 bytes). Er is niets geregistreerd.")
    suffix = Path(naam).suffix.lower()
    if suffix == ".msg" or (suffix not in (".eml",) and _is_outlook_msg(naam, data)):
        return parse_msg(naam, data)
    if suffix == ".eml":
        return parse_eml(naam, data)
    _check_file(naam, data)
    return ParsedFile(naam=naam, datum=_aware(datum), data=data, mime_type=_mime(naam))


def _is_outlook_msg(naam: str, data: bytes) -> bool:
    return data.startswith(OLE_MAGIC) and Path(naam).suffix.lower() in ("", ".msg")


def _check_file(naam: str, data: bytes) -> None:
    """Refuse PDFs and Office files that are damaged or password protected."""
    suffix = Path(naam).suffix.lower()
    if suffix == ".pdf":
        _check_pdf(naam, data)
    elif suffix in (".docx", ".xlsx", ".pptx", ".docm", ".xlsm"):
        if data.startswith(OLE_MAGIC):
            raise MailImportError(
                f"'{naam}' is met een wachtwoord beveiligd (versleuteld). Sla het zonder "
                "wachtwoord op en probeer het opnieuw; er is niets geregistreerd."
            )
        if not zipfile.is_zipfile(io.BytesIO(data)):
            raise _damaged(naam)


def _check_pdf(naam: str, data: bytes) -> None:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise _damaged(naam)
    try:
        reader = PdfReader(io.BytesIO(data))
        encrypted = reader.is_encrypted
        if not encrypted:
            len(reader.pages)
    except (PyPdfError, ValueError, KeyError, TypeError) as exc:
        raise _damaged(naam) from exc
    if encrypted:
        raise MailImportError(
            f"'{naam}' is een beveiligde (versleutelde) PDF. Vraag de afzender om een "
            "onbeveiligde versie; er is niets geregistreerd."
        )


def _damaged(naam: str) -> MailImportError:
    return MailImportError(
        f"'{naam}' is beschadigd en kan niet worden gelezen. Er is niets geregistreerd; "
        "vraag de afzender het bestand opnieuw te sturen."
    )


# --- .eml -------------------------------------------------------------------------------------


FEED_CHUNK = 64 * 1024


def _parse_in_chunks(data: bytes) -> EmailMessage:
    """``email.message_from_bytes``, fed a piece at a time: given 50 MB at once, the parser
    splits it into lines in one C call that holds the GIL for a third of a second, and the
    window (whose UI thread needs the GIL too) would stutter while a big mail comes in."""
    parser = BytesFeedParser(policy=policy.default)
    for start in range(0, len(data), FEED_CHUNK):
        parser.feed(data[start : start + FEED_CHUNK])
    message = parser.close()
    assert isinstance(message, EmailMessage)  # what policy.default makes
    return message


_LOST_PARTS = (
    errors.StartBoundaryNotFoundDefect,
    errors.CloseBoundaryNotFoundDefect,
    errors.MultipartInvariantViolationDefect,
)
_OBSOLETE_NAME = re.compile(rb"^([!-9;-~]+)[ \t]+:", re.MULTILINE)
_HEADER_LINE = re.compile(rb"[!-9;-~]+:")
_UNQUOTED_BOUNDARY = re.compile(
    rb'^(content-type:(?:[^\r\n]|\r?\n[ \t])*?\bboundary[ \t]*=[ \t]*)([^"\s;]+)',
    re.IGNORECASE | re.MULTILINE,
)
ONVOLLEDIG = (
    "Let op: deze mail is niet volledig volgens de regels opgebouwd; een deel (tekst of bijlage) "
    "kan hier ontbreken. Het originele bestand is wel volledig opgeslagen: open het om te "
    "controleren."
)


def _repaired(data: bytes, message: EmailMessage) -> EmailMessage:
    """Parse again what the stdlib reads wrongly but every mail reader reads right: RFC 2822
    obsolete headers ("From  :", a junk line inside a folded header) and an unquoted boundary
    with '=' in it (Outlook Express, JavaMail: ``boundary=----=_Part_…``). A mail that needs
    neither is not parsed again (half the time of registering a 50 MB mail)."""
    defects = [d for part in message.walk() for d in part.defects]
    herstel = data
    if not message.keys() or any(
        isinstance(d, errors.MissingHeaderBodySeparatorDefect) for d in defects
    ):
        end = min(
            (i for i in (data.find(b"\r\n\r\n"), data.find(b"\n\n")) if i >= 0), default=len(data)
        )
        kop = _OBSOLETE_NAME.sub(rb"\1:", data[:end])
        lines = kop.splitlines(keepends=True)
        for i in range(1, len(lines) - 1) if end < len(data) else ():
            if not _HEADER_LINE.match(lines[i]) and lines[i][:1] not in (b" ", b"\t"):
                lines[i] = b" " + lines[i]  # a stray line among the headers: fold it away
        herstel = b"".join(lines) + data[end:]
    if any(isinstance(d, errors.StartBoundaryNotFoundDefect) for d in defects):
        herstel = _UNQUOTED_BOUNDARY.sub(rb'\1"\2"', herstel)
    return message if herstel == data else _parse_in_chunks(herstel)


def parse_eml(naam: str, data: bytes) -> ParsedMail:
    message = _parse_in_chunks(data)
    if isinstance(message, EmailMessage):
        message = _repaired(data, message)
    if not isinstance(message, EmailMessage) or not message.keys():
        raise _damaged(naam)
    if message.get_content_type() in ("application/pkcs7-mime", "application/x-pkcs7-mime"):
        if message.get_param("smime-type") == "signed-data":
            raise MailImportError(
                f"De mail '{naam}' is ondertekend in een vorm (S/MIME signed-data) die hier niet "
                "kan worden gelezen. Sla hem in Outlook op als .msg; er is niets geregistreerd."
            )
        raise _encrypted_mail(naam)
    lost = any(isinstance(d, _LOST_PARTS) for part in message.walk() for d in part.defects)
    parts = _Parts()
    tekst = _eml_body(message)
    _eml_attachments(message, parts)
    return ParsedMail(
        bestandsnaam=naam,
        data=data,
        afzender=_header(message, "from"),
        aan=_header(message, "to"),
        cc=_header(message, "cc"),
        onderwerp=_header(message, "subject"),
        ontvangen=_eml_date(message),
        message_id=_message_id(_raw_header(message, "message-id")),
        tekst=tekst,
        bijlagen=tuple(parts.bijlagen),
        waarschuwingen=(ONVOLLEDIG,) if lost else (),
    )


def _header(message: EmailMessage, name: str) -> str:
    if (legacy := _legacy_header(message, name)) is not None:
        return legacy
    try:
        value = message.get(name)
    except (ValueError, IndexError, AttributeError, TypeError):
        raw = message.get_all(name, failobj=[])  # keep the raw text of a malformed header
        value = raw[0] if raw else None
    if value is None:
        return ""
    if name in ("from", "to", "cc") and getattr(value, "addresses", None) is not None:
        try:
            return clean_text(", ".join(str(a) for a in value.addresses))
        except (ValueError, IndexError):
            pass
    return clean_text(str(value))


def _legacy_header(message: EmailMessage, name: str) -> str | None:
    """A header sent as raw 8-bit text, decoded with the code page the mail declares."""
    raw = next((v for k, v in message.raw_items() if k.lower() == name), None)
    if raw is None or raw.isascii():
        return None
    charset = _declared_charset(message)
    text = decode_8bit(raw.encode("ascii", "surrogateescape"), charset)
    if charset and all(ord(c) < 256 for c in text):
        try:  # UTF-8 text that is really the declared code page read as Latin-1
            return clean_text(text.encode("latin-1").decode(charset))
        except (UnicodeError, LookupError):
            pass
    return clean_text(text)


def _raw_header(message: EmailMessage, name: str) -> str:
    """The header as written: the policy's parser cuts an obsolete Message-ID at its spaces."""
    return next((str(v) for k, v in message.raw_items() if k.lower() == name), "")


def _declared_charset(message: EmailMessage) -> str | None:
    for part in message.walk():
        charset = part.get_content_charset()
        if charset and charset not in ("us-ascii", "utf-8", "iso-8859-1"):
            return charset
    return None


def _eml_date(message: EmailMessage) -> datetime | None:
    for header in ("date", "received"):
        try:
            value = message.get(header)
            if header == "received" and value is not None:
                value = str(value).rpartition(";")[2]
            if value is None:
                continue
            stamp = getattr(value, "datetime", None) or parsedate_to_datetime(_obsolete(str(value)))
        except (ValueError, TypeError, IndexError, AttributeError):
            continue
        if (aware := _aware(stamp)) is not None:
            return aware
    return None


def _obsolete(value: str) -> str:
    """An RFC 2822 obsolete-syntax value read as its author meant: comments dropped, spaces
    around the ':' of a time removed ("09(comment):   55  :  06" is 09:55:06)."""
    while (uncommented := re.sub(r"\([^()]*\)", " ", value)) != value:
        value = uncommented
    return re.sub(r"\s*:\s*", ":", " ".join(value.split()))


def _message_id(value: str | None) -> str | None:
    value = clean_text(value)
    if value.startswith("<") and value.endswith(">") and (" " in value or "(" in value):
        value = "".join(_obsolete(value).split())  # obsolete: "<1234   @   local(blah) .x>"
    return value[:998] or None


def _decoded(part: MIMEPart) -> str:
    try:
        content = part.get_content()
    except (LookupError, UnicodeError, AssertionError, KeyError):
        payload = part.get_payload(decode=True)
        content = payload.decode("latin-1") if isinstance(payload, bytes) else ""
    return content if isinstance(content, str) else ""


def _eml_body(message: EmailMessage) -> str:
    try:
        body = message.get_body(preferencelist=("plain", "html"))
    except (KeyError, AttributeError):
        body = None
    if body is None:
        return ""
    text = _decoded(body)
    if body.get_content_type() == "text/html":
        text = html_to_text(text)
    return text.replace("\x00", "").strip()


def _eml_attachments(message: EmailMessage, parts: _Parts) -> None:
    try:
        body = message.get_body(preferencelist=("plain", "html"))
    except (KeyError, AttributeError):
        body = None
    for part in message.walk():
        kind = part.get_content_type()
        if part is message or part is body or _inside_rfc822(message, part):
            continue
        if part.is_multipart() and kind != "message/rfc822":
            continue
        disposition = part.get_content_disposition()
        filename = _part_filename(part)
        if kind == "message/rfc822":
            inner = part.get_payload()
            inner_msg = inner[0] if isinstance(inner, list) and inner else inner
            data = inner_msg.as_bytes() if isinstance(inner_msg, Message) else b""
            subject = (
                clean_text(str(inner_msg.get("subject", "")))
                if data and isinstance(inner_msg, Message)
                else ""
            )
            naam = (
                safe_filename(filename, "bijgevoegde mail.eml")
                if filename
                else naam_van_onderwerp(subject and f"{subject}.eml", "bijgevoegde mail.eml")
            )
            if not naam.lower().endswith(".eml"):
                naam += ".eml"
            parts.bijlagen.append(Bijlage(naam, data, kind, is_mail=True))
            continue
        if kind.startswith("text/") and disposition != "attachment" and not filename:
            continue  # an alternative body (the html of a plain mail), not a file
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        content_id = clean_text(part.get("content-id", "")).strip("<>") or None
        inline = disposition == "inline" or (disposition is None and content_id is not None)
        extension = mimetypes.guess_extension(kind) or ".bin"
        naam = safe_filename(filename, f"bijlage{len(parts.bijlagen) + 1}{extension}")
        parts.bijlagen.append(Bijlage(naam, data, kind, inline=inline, content_id=content_id))


def _inside_rfc822(root: EmailMessage, part: EmailMessage) -> bool:
    """True for parts of an attached mail: they travel inside that mail's own .eml."""
    for candidate in root.walk():
        if candidate.get_content_type() == "message/rfc822" and candidate is not part:
            inner = candidate.get_payload()
            for sub in inner if isinstance(inner, list) else [inner]:
                if hasattr(sub, "walk") and any(p is part for p in sub.walk()):
                    return True
    return False


_RAW_NAME = re.compile(r'(?:^|;)\s*(?:file)?name\s*=\s*(?:"([^"]*)"|([^;]*))', re.IGNORECASE)


def _raw_filename(part: EmailMessage) -> str | None:
    """The name as written, for senders that did not quote it or put encoded-words in it."""
    headers = dict((k.lower(), v) for k, v in part.raw_items())
    for key in ("content-disposition", "content-type"):
        if (value := headers.get(key)) is not None:
            match = _RAW_NAME.search(" ".join(value.split()))
            if match:
                found = (match.group(1) or match.group(2) or "").strip()
                found = decode_8bit(found.encode("utf-8", "surrogateescape"))
                try:
                    return str(make_header(decode_header(found))) if "=?" in found else found
                except (UnicodeError, LookupError, HeaderParseError):
                    return found
    return None


def _part_filename(part: EmailMessage) -> str | None:
    try:
        name = part.get_filename()
    except (ValueError, IndexError, LookupError):
        name = None
    raw = _raw_filename(part)
    if raw and "''" not in raw and (not name or "=?" in name or raw.startswith(f"{name} ")):
        name = raw
    if not name:
        param = part.get_param("name", header="content-type")
        # RFC 2231 gives (charset, language, value)
        name = email.utils.collapse_rfc2231_value(param) if isinstance(param, tuple) else param
    if not name and part.get("content-location"):
        name = str(part.get("content-location")).rsplit("/", 1)[-1]
    return clean_text(str(name)) if name else None


def _encrypted_mail(naam: str) -> MailImportError:
    return MailImportError(
        f"De mail '{naam}' is versleuteld en kan hier niet worden gelezen. Open hem in "
        "Outlook en sla hem onversleuteld op; er is niets geregistreerd."
    )


# --- .msg -------------------------------------------------------------------------------------


def parse_msg(naam: str, data: bytes) -> ParsedMail:
    import extract_msg
    from extract_msg.exceptions import ExMsgBaseException
    from olefile.olefile import OleFileError

    if not data.startswith(OLE_MAGIC):
        raise _damaged(naam)
    try:
        msg = extract_msg.openMsg(data)
        msg = _honour_code_page(msg, data)
        return _from_msg(naam, data, msg)
    except (OleFileError, ExMsgBaseException, OSError, ValueError, KeyError, IndexError) as exc:
        if "encrypt" in str(exc).lower() or "smime" in str(exc).lower():
            raise _encrypted_mail(naam) from exc
        raise _damaged(naam) from exc
    except NotImplementedError as exc:  # extract-msg: a feature of this item it cannot read
        raise _geen_mail(naam) from exc


_GEEN_MAIL = {
    "ipm.contact": "een Outlook-contactpersoon",
    "ipm.distlist": "een Outlook-contactgroep",
    "ipm.task": "een Outlook-taak",
    "ipm.stickynote": "een Outlook-notitie (geeltje)",
    "ipm.activity": "een Outlook-journaalitem",
}


def _geen_mail(naam: str, soort: str = "") -> MailImportError:
    """An Outlook item that is no mail (a contact, a task) or that extract-msg cannot read."""
    wat = f" ({soort})" if soort else ""
    return MailImportError(
        f"'{naam}' is een Outlook-item{wat} dat hier niet kan worden gelezen. Sla het als .eml "
        "op of stuur het door als mail; er is niets geregistreerd."
    )


def _honour_code_page(msg: MSGFile, data: bytes) -> MSGFile:
    """Re-open an ANSI .msg with its internet code page (PR_INTERNET_CPID) when that differs."""
    import codecs

    import extract_msg

    if getattr(msg, "areStringsUnicode", True):
        return msg
    prop = msg.props.get("3FDE0003")
    cpid = getattr(prop, "value", None)
    if not cpid or cpid in (1200, 65001):
        return msg
    try:
        encoding = codecs.lookup(f"cp{cpid}").name
    except LookupError:
        return msg
    if encoding == codecs.lookup(msg.stringEncoding).name:
        return msg
    msg.close()
    return extract_msg.openMsg(data, overrideEncoding=encoding)


def _from_msg(naam: str, data: bytes, msg: MSGFile) -> ParsedMail:
    from extract_msg.msg_classes import MessageBase

    klasse = clean_text(getattr(msg, "classType", "")).lower()
    if (wat := _GEEN_MAIL.get(".".join(klasse.split(".")[:2]))) is not None:
        raise MailImportError(
            f"'{naam}' is {wat}, geen mail. Alleen mails en afspraken kunnen als inkomende post "
            "worden geregistreerd; er is niets geregistreerd."
        )
    if not isinstance(msg, MessageBase):
        raise _geen_mail(naam, type(msg).__name__)
    if klasse.startswith("ipm.note.smime") and not klasse.endswith(".multipartsigned"):
        raise _encrypted_mail(naam)  # signed mail (…MultipartSigned) is read like any other
    soort = "afspraak" if "appointment" in type(msg).__name__.lower() else "mail"
    body = msg.body
    if not body and msg.htmlBody:
        html = msg.htmlBody
        body = html_to_text(html.decode("utf-8", "replace") if isinstance(html, bytes) else html)
    parts = _Parts()
    for index, attachment in enumerate(msg.attachments, start=1):
        parts.bijlagen.append(_msg_attachment(attachment, index))
    return ParsedMail(
        bestandsnaam=naam,
        data=data,
        afzender=clean_text(msg.sender),
        aan=clean_text(msg.to),
        cc=clean_text(msg.cc),
        onderwerp=clean_text(msg.subject),
        ontvangen=_msg_date(msg),
        message_id=_message_id(msg.messageId),
        tekst=(body or "").replace("\x00", "").strip(),
        bijlagen=tuple(parts.bijlagen),
        soort=soort,
    )


def _msg_date(msg: MSGFile) -> datetime | None:
    """The best date the file has: sent (PR_CLIENT_SUBMIT_TIME), else delivered
    (PR_MESSAGE_DELIVERY_TIME: a draft or a saved copy has only that), else the Date header."""
    for tag in ("00390040", "0E060040"):
        prop = msg.props.get(tag)
        if (stamp := _aware(getattr(prop, "value", None))) is not None:
            return stamp
    header = getattr(msg, "header", None)
    try:
        value = header.get("date") if header is not None else None
        return _aware(parsedate_to_datetime(_obsolete(str(value)))) if value else None
    except (ValueError, TypeError, IndexError):
        return None


def _msg_attachment(attachment: object, index: int) -> Bijlage:
    from extract_msg.attachments import AttachmentBase, SignedAttachment
    from extract_msg.msg_classes import MSGFile

    # a signed mail's list is typed loosely; extract_msg makes only these two kinds
    assert isinstance(attachment, AttachmentBase | SignedAttachment)

    content = attachment.data
    filename = (
        attachment.longFilename
        or attachment.shortFilename
        or getattr(attachment, "displayName", None)
        or getattr(attachment, "name", None)  # the parts of a signed mail, smime.p7s among them
    )
    content_id = clean_text(getattr(attachment, "cid", None)) or None
    hidden = bool(getattr(attachment, "hidden", False))
    if isinstance(content, MSGFile):
        naam = clean_text(filename)
        naam = safe_filename(naam, "bijgevoegde mail") if naam else ""
        naam = naam or naam_van_onderwerp(
            clean_text(getattr(content, "subject", "")), "bijgevoegde mail"
        )
        if not naam.lower().endswith(".msg"):
            naam += ".msg"
        return Bijlage(naam, content.exportBytes(), "application/vnd.ms-outlook", is_mail=True)
    if not isinstance(content, bytes):
        content = b""
    naam = safe_filename(clean_text(filename), f"bijlage{index}")
    return Bijlage(
        naam,
        content,
        _mime(naam),
        inline=hidden or content_id is not None,
        content_id=content_id,
    )


def summary(parsed: ParsedMail | ParsedFile) -> str:
    """One line for lists and messages."""
    if isinstance(parsed, ParsedMail):
        return parsed.onderwerp or "(geen onderwerp)"
    return parsed.naam

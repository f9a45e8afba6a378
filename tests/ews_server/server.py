"""A small, honest EWS server: real SOAP over HTTP on 127.0.0.1, items kept in memory.

Items are stored as the XML elements the client sent (with a server-assigned ItemId,
ChangeKey and LastModifiedTime), so what exchangelib writes is exactly what it reads back.
Every message or meeting request that leaves a mailbox is recorded in ``sent`` so tests can
assert who received what. ``outage`` ("dropped", "503", "busy" = ErrorServerBusy throttling),
``stop()`` (connection refused) and ``fail_after_commit`` (the work is done, the answer is lost)
simulate an Exchange that is unreachable or struggling.

Authentication: Basic, or NTLM with the real three-step handshake per connection (see
``ntlm.py``). Simplifications, on purpose: FindItem and
GetItem return every stored property whatever shape was asked (exchangelib reads both);
no paging, recurrence or free/busy; a meeting request is recorded, not delivered to the
attendee's own mailbox.
"""

from __future__ import annotations

import base64
import contextlib
import copy
import socket
import ssl
import threading
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal

from .ntlm import NtlmAccounts, NtlmVerbinding

SOAP = "http://schemas.xmlsoap.org/soap/envelope/"
M = "http://schemas.microsoft.com/exchange/services/2006/messages"
T = "http://schemas.microsoft.com/exchange/services/2006/types"
ET.register_namespace("s", SOAP)
ET.register_namespace("m", M)
ET.register_namespace("t", T)

FOLDERS = {
    "root": ("Folder", "Top of Information Store"),
    "msgfolderroot": ("Folder", "Bovenkant van gegevensarchief"),
    "calendar": ("CalendarFolder", "Agenda"),
    "inbox": ("Folder", "Postvak IN"),
    "sentitems": ("Folder", "Verzonden items"),
    "drafts": ("Folder", "Concepten"),
    "deleteditems": ("Folder", "Verwijderde items"),
    "outbox": ("Folder", "Postvak UIT"),
}
RECIPIENT_GROUPS = ("ToRecipients", "CcRecipients", "BccRecipients")
ATTENDEE_GROUPS = ("RequiredAttendees", "OptionalAttendees", "Resources")

Outage = Literal["dropped", "503", "busy"] | None


def t(name: str) -> str:
    return f"{{{T}}}{name}"


def m(name: str) -> str:
    return f"{{{M}}}{name}"


@dataclass(frozen=True)
class SentItem:
    """One thing that left a mailbox: a mail, meeting request, update or cancellation."""

    soort: Literal["bericht", "uitnodiging", "bijwerking", "annulering"]
    afzender: str
    ontvangers: tuple[str, ...]
    onderwerp: str
    body: str
    at: datetime
    bijlagen: tuple[tuple[str, bytes], ...] = ()  # FileAttachments sent inline


@dataclass
class StoredItem:
    mailbox: str
    folder: str
    elem: ET.Element
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    changekey: str = field(default_factory=lambda: uuid.uuid4().hex[:12])

    def touch(self) -> None:
        self.changekey = uuid.uuid4().hex[:12]
        _set_child(self.elem, "LastModifiedTime", _now_text())


def _now_text() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _set_child(elem: ET.Element, name: str, text: str) -> None:
    child = elem.find(t(name))
    if child is None:
        child = ET.SubElement(elem, t(name))
    child.text = text


def _text(elem: ET.Element, name: str) -> str:
    child = elem.find(t(name))
    return (child.text or "") if child is not None else ""


def _addresses(elem: ET.Element, groups: tuple[str, ...]) -> list[str]:
    found = []
    for group in groups:
        container = elem.find(t(group))
        if container is not None:
            found += [(e.text or "").lower() for e in container.iter(t("EmailAddress"))]
    return found


def _parse_dt(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)


def _utc_text(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class EwsError(Exception):
    def __init__(self, code: str, text: str = "") -> None:
        super().__init__(code)
        self.code, self.text = code, text or code


class _Server(ThreadingHTTPServer):
    """Remembers its open connections, so ``stop`` can end the handler threads of clients that
    keep theirs open (exchangelib pools them): no thread outlives the test."""

    daemon_threads = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.open: set[socket.socket] = set()

    def process_request(self, request: Any, client_address: Any) -> None:
        self.open.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        self.open.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        for verbinding in list(self.open):
            with contextlib.suppress(OSError):  # the client closed it already
                verbinding.shutdown(socket.SHUT_RDWR)


class EwsTestServer:
    """Start with ``with EwsTestServer(users={...}) as server:``; ``server.url`` is the endpoint."""

    def __init__(
        self,
        users: dict[str, str] | None = None,
        names: dict[str, str] | None = None,
        domein: str = "IGJ",
        tls: ssl.SSLContext | None = None,
    ):
        #: e-mail address → password; Basic logs on with the address, NTLM also as
        #: ``domein\<part before the @>``.
        self.users = {k.lower(): v for k, v in (users or {}).items()}
        self.ntlm = NtlmAccounts(self.users, domein)
        #: a server context (certificate and key): the server speaks HTTPS.
        self.tls = tls
        #: how each authenticated request logged on ("Basic" or "NTLM").
        self.aanmeldingen: list[str] = []
        #: e-mail address → display name, for ResolveNames.
        self.names = {k.lower(): v for k, v in (names or {}).items()}
        #: a service account that may act for any mailbox through ExchangeImpersonation.
        self.impersonators: set[str] = set()
        self.items: dict[str, StoredItem] = {}
        self.sent: list[SentItem] = []
        self.requests: list[str] = []
        self.outage: Outage = None
        #: operation name (e.g. "CreateItem") whose next answer is lost after the work is done.
        self.fail_after_commit: str | None = None
        self.busy_back_off_ms = 500
        self.lock = threading.RLock()
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None
        self.port = 0

    # -- life cycle -------------------------------------------------------------------------

    @property
    def url(self) -> str:
        schema = "https" if self.tls else "http"
        return f"{schema}://127.0.0.1:{self.port}/EWS/Exchange.asmx"

    def start(self) -> EwsTestServer:
        server = self

        class Handler(_Handler):
            ews = server

        self.ntlm.start()
        self._httpd = _Server(("127.0.0.1", self.port), Handler)
        self.port = self._httpd.server_address[1]
        if self.tls is not None:
            self._httpd.socket = self.tls.wrap_socket(self._httpd.socket, server_side=True)
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop listening: clients now get 'connection refused' until ``start()`` again."""
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.close_connections()
            self._httpd.server_close()
            self._thread.join()
            self._httpd = None
            self.ntlm.stop()

    def __enter__(self) -> EwsTestServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- what tests look at and do "in Outlook" ---------------------------------------------

    def sent_to(self, address: str) -> list[SentItem]:
        with self.lock:
            return [s for s in self.sent if address.lower() in s.ontvangers]

    def calendar(self, mailbox: str) -> list[StoredItem]:
        with self.lock:
            return [
                i
                for i in self.items.values()
                if i.mailbox == mailbox.lower() and i.folder == "calendar"
            ]

    def move_meeting(self, item: StoredItem, start: datetime, end: datetime) -> None:
        """The organizer drags the meeting to another time in Outlook."""
        with self.lock:
            _set_child(item.elem, "Start", _utc_text(start))
            _set_child(item.elem, "End", _utc_text(end))
            item.touch()

    def respond(self, item: StoredItem, attendee: str, response: str) -> None:
        """An attendee answers (Accept, Decline, Tentative); the organizer's copy shows it."""
        with self.lock:
            for group in ATTENDEE_GROUPS:
                container = item.elem.find(t(group))
                for att in container if container is not None else []:
                    if _text(att.find(t("Mailbox")), "EmailAddress").lower() == attendee.lower():
                        _set_child(att, "ResponseType", response)
            item.touch()

    # -- SOAP -------------------------------------------------------------------------------

    def handle(self, mailbox: str, body: ET.Element, header: ET.Element | None) -> ET.Element:
        operation = body[0]
        name = operation.tag.split("}")[1]
        self.requests.append(name)
        impersonated = header.find(f".//{t('PrimarySmtpAddress')}") if header is not None else None
        if impersonated is not None:
            if mailbox not in self.impersonators:
                raise EwsError("ErrorImpersonateUserDenied", "Geen recht op impersonatie")
            mailbox = (impersonated.text or "").lower()
        handler = getattr(self, f"_op_{name}", None)
        if handler is None:
            raise EwsError("ErrorInvalidRequest", f"{name} wordt niet ondersteund")
        with self.lock:
            messages = handler(mailbox, operation)
        response = ET.Element(m(f"{name}Response"))
        container = ET.SubElement(response, m("ResponseMessages"))
        for msg in messages:
            container.append(msg)
        return response

    @staticmethod
    def _message(op: str, code: str = "NoError", text: str = "") -> ET.Element:
        msg = ET.Element(m(f"{op}ResponseMessage"))
        msg.set("ResponseClass", "Success" if code == "NoError" else "Error")
        if code != "NoError":
            ET.SubElement(msg, m("MessageText")).text = text or code
        ET.SubElement(msg, m("ResponseCode")).text = code
        return msg

    def _folder_key(self, mailbox: str, elem: ET.Element | None) -> tuple[str, str]:
        """(mailbox, distinguished folder name) of a DistinguishedFolderId or FolderId element."""
        if elem is None:
            return mailbox, "drafts"
        if elem.tag == t("DistinguishedFolderId"):
            box = elem.find(f"{t('Mailbox')}/{t('EmailAddress')}")
            return ((box.text or mailbox).lower() if box is not None else mailbox), elem.get("Id")
        owner, _, name = elem.get("Id", "").partition(":")
        if name not in FOLDERS:
            raise EwsError("ErrorFolderNotFound", "Map niet gevonden")
        return owner, name

    def _op_GetFolder(self, mailbox: str, op: ET.Element) -> list[ET.Element]:
        result = []
        for ref in op.find(m("FolderIds")):
            try:
                box, name = self._folder_key(mailbox, ref)
                if name not in FOLDERS:
                    raise EwsError("ErrorFolderNotFound", "Map niet gevonden")
            except EwsError as e:
                result.append(self._message("GetFolder", e.code, e.text))
                continue
            msg = self._message("GetFolder")
            kind, display = FOLDERS[name]
            folder = ET.SubElement(ET.SubElement(msg, m("Folders")), t(kind))
            ET.SubElement(folder, t("FolderId"), Id=f"{box}:{name}", ChangeKey="1")
            ET.SubElement(folder, t("FolderClass")).text = (
                "IPF.Appointment" if name == "calendar" else "IPF.Note"
            )
            ET.SubElement(folder, t("DisplayName")).text = display
            ET.SubElement(folder, t("TotalCount")).text = str(
                sum(1 for i in self.items.values() if (i.mailbox, i.folder) == (box, name))
            )
            ET.SubElement(folder, t("ChildFolderCount")).text = "0"
            ET.SubElement(folder, t("UnreadCount")).text = "0"
            result.append(msg)
        return result

    def _item_xml(self, item: StoredItem) -> ET.Element:
        elem = copy.deepcopy(item.elem)
        elem.insert(0, ET.Element(t("ItemId"), Id=item.id, ChangeKey=item.changekey))
        elem.insert(
            1, ET.Element(t("ParentFolderId"), Id=f"{item.mailbox}:{item.folder}", ChangeKey="1")
        )
        return elem

    def _store(self, mailbox: str, folder: str, elem: ET.Element) -> StoredItem:
        elem = copy.deepcopy(elem)
        for drop in ("ItemId", "ParentFolderId"):
            for child in elem.findall(t(drop)):
                elem.remove(child)
        for name in ("Start", "End"):
            if elem.find(t(name)) is not None:
                _set_child(elem, name, _utc_text(_parse_dt(_text(elem, name))))
        if elem.tag == t("CalendarItem"):
            organizer = ET.SubElement(elem, t("Organizer"))
            box = ET.SubElement(organizer, t("Mailbox"))
            ET.SubElement(box, t("Name")).text = self.names.get(mailbox, mailbox)
            ET.SubElement(box, t("EmailAddress")).text = mailbox
            ET.SubElement(box, t("RoutingType")).text = "SMTP"
            _set_child(elem, "IsMeeting", "true" if _addresses(elem, ATTENDEE_GROUPS) else "false")
            _set_child(elem, "IsCancelled", "false")
        _set_child(elem, "DateTimeCreated", _now_text())
        item = StoredItem(mailbox=mailbox, folder=folder, elem=elem)
        item.touch()
        self.items[item.id] = item
        return item

    def _record(self, soort: str, sender: str, to: list[str], elem: ET.Element) -> None:
        if to:
            self.sent.append(
                SentItem(
                    soort=soort,
                    afzender=sender,
                    ontvangers=tuple(to),
                    onderwerp=_text(elem, "Subject"),
                    body=_text(elem, "Body"),
                    at=datetime.now(UTC),
                    bijlagen=tuple(
                        (_text(a, "Name"), base64.b64decode(_text(a, "Content")))
                        for a in elem.iterfind(f"{t('Attachments')}/{t('FileAttachment')}")
                    ),
                )
            )

    def _lookup(self, ref: ET.Element) -> StoredItem:
        item = self.items.get(ref.get("Id", ""))
        if item is None:
            raise EwsError(
                "ErrorItemNotFound", "Het opgegeven object is niet gevonden in het archief."
            )
        return item

    def _op_CreateItem(self, mailbox: str, op: ET.Element) -> list[ET.Element]:
        disposition = op.get("MessageDisposition", "SaveOnly")
        invitations = op.get("SendMeetingInvitations", "SendToNone")
        target = op.find(f"{m('SavedItemFolderId')}/*")
        result = []
        for elem in op.find(m("Items")):
            msg = self._message("CreateItem")
            items = ET.SubElement(msg, m("Items"))
            kind = elem.tag.split("}")[1]
            if kind == "CalendarItem":
                box, folder = (
                    self._folder_key(mailbox, target)
                    if target is not None
                    else (mailbox, "calendar")
                )
                item = self._store(box, folder, elem)
                if invitations != "SendToNone":
                    self._record("uitnodiging", box, _addresses(elem, ATTENDEE_GROUPS), elem)
                items.append(ET.Element(t(kind), {}))
                items[-1].append(ET.Element(t("ItemId"), Id=item.id, ChangeKey=item.changekey))
            elif kind == "CancelCalendarItem":
                meeting = self._lookup(elem.find(t("ReferenceItemId")))
                _set_child(meeting.elem, "IsCancelled", "true")
                meeting.touch()
                notice = copy.deepcopy(meeting.elem)
                body = elem.find(t("NewBodyContent"))
                _set_child(notice, "Body", body.text if body is not None else "")
                self._record(
                    "annulering", meeting.mailbox, _addresses(meeting.elem, ATTENDEE_GROUPS), notice
                )
            elif kind == "Message":
                if disposition == "SaveOnly":
                    box, folder = self._folder_key(mailbox, target)
                    item = self._store(box, folder, elem)
                    items.append(ET.Element(t(kind)))
                    items[-1].append(ET.Element(t("ItemId"), Id=item.id, ChangeKey=item.changekey))
                else:
                    self._record("bericht", mailbox, _addresses(elem, RECIPIENT_GROUPS), elem)
                    if disposition == "SendAndSaveCopy":
                        self._store(mailbox, "sentitems", elem)
            else:
                msg = self._message(
                    "CreateItem", "ErrorInvalidRequest", f"{kind} wordt niet ondersteund"
                )
            result.append(msg)
        return result

    def _op_GetItem(self, mailbox: str, op: ET.Element) -> list[ET.Element]:
        result = []
        for ref in op.find(m("ItemIds")):
            try:
                item = self._lookup(ref)
            except EwsError as e:
                result.append(self._message("GetItem", e.code, e.text))
                continue
            msg = self._message("GetItem")
            ET.SubElement(msg, m("Items")).append(self._item_xml(item))
            result.append(msg)
        return result

    def _op_UpdateItem(self, mailbox: str, op: ET.Element) -> list[ET.Element]:
        mode = op.get("SendMeetingInvitationsOrCancellations", "SendToNone")
        result = []
        for change in op.find(m("ItemChanges")):
            try:
                item = self._lookup(change.find(t("ItemId")))
                if change.find(t("ItemId")).get("ChangeKey") not in (None, item.changekey) and (
                    op.get("ConflictResolution") == "NeverOverwrite"
                ):
                    raise EwsError("ErrorIrresolvableConflict", "Het object is intussen gewijzigd.")
            except EwsError as e:
                result.append(self._message("UpdateItem", e.code, e.text))
                continue
            before = set(_addresses(item.elem, ATTENDEE_GROUPS))
            for update in change.find(t("Updates")):
                uri = update[0]
                self._remove_field(item.elem, uri)
                if update.tag in (t("SetItemField"), t("AppendToItemField")):
                    for value in update[1]:
                        item.elem.append(copy.deepcopy(value))
                        if value.tag in (t("Start"), t("End")):
                            _set_child(
                                item.elem, value.tag.split("}")[1], _utc_text(_parse_dt(value.text))
                            )
            item.touch()
            if item.elem.tag == t("CalendarItem") and mode != "SendToNone":
                now = _addresses(item.elem, ATTENDEE_GROUPS)
                to = [a for a in now if a not in before] if "Changed" in mode else now
                self._record("bijwerking", item.mailbox, to, item.elem)
                # Like Exchange: an attendee taken off the meeting gets a cancellation.
                removed = [a for a in before if a not in now]
                self._record("annulering", item.mailbox, sorted(removed), item.elem)
            msg = self._message("UpdateItem")
            items = ET.SubElement(msg, m("Items"))
            ET.SubElement(items, item.elem.tag).append(
                ET.Element(t("ItemId"), Id=item.id, ChangeKey=item.changekey)
            )
            result.append(msg)
        return result

    @staticmethod
    def _remove_field(elem: ET.Element, uri: ET.Element) -> None:
        if uri.tag == t("FieldURI"):
            name = uri.get("FieldURI").split(":")[1]
            for child in elem.findall(t(name)):
                elem.remove(child)
        elif uri.tag == t("ExtendedFieldURI"):
            for child in elem.findall(t("ExtendedProperty")):
                if child.find(t("ExtendedFieldURI")).attrib == uri.attrib:
                    elem.remove(child)

    def _op_DeleteItem(self, mailbox: str, op: ET.Element) -> list[ET.Element]:
        result = []
        for ref in op.find(m("ItemIds")):
            try:
                item = self.items.pop(self._lookup(ref).id)
            except EwsError as e:
                result.append(self._message("DeleteItem", e.code, e.text))
                continue
            if op.get("SendMeetingCancellations", "SendToNone") != "SendToNone":
                self._record(
                    "annulering", item.mailbox, _addresses(item.elem, ATTENDEE_GROUPS), item.elem
                )
            result.append(self._message("DeleteItem"))
        return result

    def _op_SendItem(self, mailbox: str, op: ET.Element) -> list[ET.Element]:
        result = []
        for ref in op.find(m("ItemIds")):
            try:
                item = self.items.pop(self._lookup(ref).id)
            except EwsError as e:
                result.append(self._message("SendItem", e.code, e.text))
                continue
            self._record(
                "bericht", item.mailbox, _addresses(item.elem, RECIPIENT_GROUPS), item.elem
            )
            if op.get("SaveItemToFolder") == "true":
                self._store(item.mailbox, "sentitems", item.elem)
            result.append(self._message("SendItem"))
        return result

    def _op_FindItem(self, mailbox: str, op: ET.Element) -> list[ET.Element]:
        result = []
        restriction = op.find(m("Restriction"))
        view = op.find(m("CalendarView"))
        for ref in op.find(m("ParentFolderIds")):
            box, name = self._folder_key(mailbox, ref)
            found = [
                i
                for i in self.items.values()
                if (i.mailbox, i.folder) == (box, name)
                and (restriction is None or _matches(i.elem, restriction[0]))
                and (view is None or _in_view(i.elem, view))
            ]
            found.sort(key=lambda i: _text(i.elem, "Start") or _text(i.elem, "DateTimeCreated"))
            msg = self._message("FindItem")
            root = ET.SubElement(
                msg,
                m("RootFolder"),
                TotalItemsInView=str(len(found)),
                IncludesLastItemInRange="true",
            )
            items = ET.SubElement(root, t("Items"))
            for item in found:
                items.append(self._item_xml(item))
            result.append(msg)
        return result

    def _op_ResolveNames(self, mailbox: str, op: ET.Element) -> list[ET.Element]:
        needle = (op.findtext(m("UnresolvedEntry")) or "").lower().removeprefix("smtp:")
        hits = [(a, n) for a, n in self.names.items() if needle in a or needle in n.lower()]
        if not hits:
            return [
                self._message("ResolveNames", "ErrorNameResolutionNoResults", "Geen resultaten")
            ]
        msg = self._message("ResolveNames")
        found = ET.SubElement(msg, m("ResolutionSet"), TotalItemsInView=str(len(hits)))
        found.set("IncludesLastItemInRange", "true")
        for address, name in hits:
            box = ET.SubElement(ET.SubElement(found, t("Resolution")), t("Mailbox"))
            ET.SubElement(box, t("Name")).text = name
            ET.SubElement(box, t("EmailAddress")).text = address
            ET.SubElement(box, t("RoutingType")).text = "SMTP"
            ET.SubElement(box, t("MailboxType")).text = "Mailbox"
        return [msg]


def _field_values(elem: ET.Element, uri: ET.Element) -> list[str]:
    if uri.tag == t("ExtendedFieldURI"):
        return [
            p.findtext(t("Value")) or ""
            for p in elem.findall(t("ExtendedProperty"))
            if p.find(t("ExtendedFieldURI")).get("PropertyName") == uri.get("PropertyName")
        ]
    name = uri.get("FieldURI", ":").split(":")[1]
    return [c.text or "" for c in elem.findall(t(name))]


def _matches(elem: ET.Element, cond: ET.Element) -> bool:
    """Evaluate the EWS restriction subset exchangelib produces for filter()/exclude()."""
    kind = cond.tag.split("}")[1]
    if kind == "And":
        return all(_matches(elem, c) for c in cond)
    if kind == "Or":
        return any(_matches(elem, c) for c in cond)
    if kind == "Not":
        return not _matches(elem, cond[0])
    if kind == "Exists":
        return bool(_field_values(elem, cond[0]))
    values = _field_values(elem, cond[0])
    constant = cond.find(f"{t('FieldURIOrConstant')}/{t('Constant')}").get("Value")
    if kind == "Contains":
        return any(constant.lower() in v.lower() for v in values)
    compare = {
        "IsEqualTo": lambda a, b: a == b,
        "IsNotEqualTo": lambda a, b: a != b,
        "IsGreaterThan": lambda a, b: a > b,
        "IsGreaterThanOrEqualTo": lambda a, b: a >= b,
        "IsLessThan": lambda a, b: a < b,
        "IsLessThanOrEqualTo": lambda a, b: a <= b,
    }[kind]
    if cond[0].get("FieldURI", "").endswith(("Time", "Start", "End")):
        return any(compare(_parse_dt(v), _parse_dt(constant)) for v in values if v)
    return any(compare(v, constant) for v in values)


def _in_view(elem: ET.Element, view: ET.Element) -> bool:
    start, end = _text(elem, "Start"), _text(elem, "End")
    if not start:
        return False
    return _parse_dt(start) < _parse_dt(view.get("EndDate")) and _parse_dt(end) > _parse_dt(
        view.get("StartDate")
    )


class _Handler(BaseHTTPRequestHandler):
    ews: EwsTestServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: tests read ``server.requests`` instead."""

    _ntlm: NtlmVerbinding | None = None  # per connection: one handler serves one connection

    def _reply(
        self, status: int, payload: bytes, extra: dict[str, str] | list[tuple[str, str]] = ()
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/xml; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        for key, value in extra.items() if isinstance(extra, dict) else extra:
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(payload)

    def _user(self) -> tuple[str | None, str | None]:
        """(mailbox, None) when logged on; (None, NTLM challenge) halfway the handshake."""
        schema, _, token = self.headers.get("Authorization", "").partition(" ")
        if schema == "Basic":
            user, _, password = base64.b64decode(token).decode().partition(":")
            ok = self.ews.users.get(user.lower()) == password
            return (self._logged_on(user.lower(), "Basic") if ok else None), None
        if self._ntlm is None:
            self._ntlm = NtlmVerbinding(self.ews.ntlm)
        if schema == "NTLM":
            mailbox, challenge = self._ntlm.stap(token)
            return (self._logged_on(mailbox, "NTLM") if mailbox else None), challenge
        # like IIS: a connection NTLM authenticated stays so for its next requests
        mailbox = self._ntlm.mailbox
        return (self._logged_on(mailbox, "NTLM") if mailbox else None), None

    def _logged_on(self, mailbox: str, how: str) -> str:
        self.ews.aanmeldingen.append(how)
        return mailbox

    def do_POST(self) -> None:
        data = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        ews = self.ews
        if ews.outage == "dropped":
            self.close_connection = True
            self.connection.close()
            return
        if ews.outage == "503":
            self._reply(503, b"Service Unavailable", {"Retry-After": "1"})
            return
        user, challenge = self._user()
        if challenge is not None:
            self._reply(401, b"", {"WWW-Authenticate": f"NTLM {challenge}"})
            return
        if user is None:
            self._reply(
                401, b"", [("WWW-Authenticate", "NTLM"), ("WWW-Authenticate", 'Basic realm="EWS"')]
            )
            return
        envelope = ET.fromstring(data)
        header = envelope.find(f"{{{SOAP}}}Header")
        body = envelope.find(f"{{{SOAP}}}Body")
        if ews.outage == "busy":
            self._reply(500, _envelope(_busy_fault(ews.busy_back_off_ms)))
            return
        try:
            response = ews.handle(user, body, header)
        except EwsError as e:
            self._reply(500, _envelope(_fault(e.code, e.text)))
            return
        if ews.fail_after_commit == body[0].tag.split("}")[1]:
            ews.fail_after_commit = None
            self.close_connection = True
            self.connection.close()
            return
        self._reply(200, _envelope(response))


def _envelope(content: ET.Element) -> bytes:
    env = ET.Element(f"{{{SOAP}}}Envelope")
    header = ET.SubElement(env, f"{{{SOAP}}}Header")
    ET.SubElement(
        header,
        t("ServerVersionInfo"),
        MajorVersion="15",
        MinorVersion="1",
        MajorBuildNumber="2507",
        MinorBuildNumber="6",
        Version="V2017_07_11",
    )
    ET.SubElement(env, f"{{{SOAP}}}Body").append(content)
    return ET.tostring(env, encoding="utf-8", xml_declaration=True)


def _fault(code: str, text: str) -> ET.Element:
    fault = ET.Element(f"{{{SOAP}}}Fault")
    ET.SubElement(fault, "faultcode").text = "a:" + code
    ET.SubElement(fault, "faultstring").text = text
    detail = ET.SubElement(fault, "detail")
    ens = "http://schemas.microsoft.com/exchange/services/2006/errors"
    ET.SubElement(detail, f"{{{ens}}}ResponseCode").text = code
    ET.SubElement(detail, f"{{{ens}}}Message").text = text
    return fault


def _busy_fault(back_off_ms: int) -> ET.Element:
    fault = _fault("ErrorServerBusy", "De server is bezet.")
    xml = ET.SubElement(fault.find("detail"), t("MessageXml"))
    ET.SubElement(xml, t("Value"), Name="BackOffMilliseconds").text = str(back_off_ms)
    return fault

"""Rendering docxtpl Word sjablonen and Jinja mail sjablonen, and checking what they use.

A *schema* describes the render context: a dict is an object with named fields, a
one-element list ``[item]`` is a list of ``item``, a string is a leaf (its description).
``check_template`` walks the Jinja syntax tree of a sjabloon and reports every variable
or field the schema does not know, so a typo is found when the catalog loads instead of
when an inspecteur generates a letter.

python-docx and docxtpl are imported by the functions that open Word files: they cost a
tenth of a second, and the window imports this module's users while it starts.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from jinja2 import Environment, StrictUndefined, meta, nodes

Schema = Mapping[str, Any] | list[Any] | str
_ANY = "*"


def _environment() -> Environment:
    return Environment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True)


def docx_source(path: Path) -> str:
    """The Jinja source of a .docx sjabloon: body, headers and footers (as docxtpl sees it)."""
    from docx import Document as open_docx
    from docx.oxml import parse_xml
    from docxtpl import DocxTemplate

    template = DocxTemplate(path)
    document = open_docx(str(path))
    xml = template.patch_xml(template.xml_to_string(document._element.body))
    for rel in document.part.rels.values():
        if rel.reltype in (template.HEADER_URI, template.FOOTER_URI) and rel.target_part.blob:
            xml += template.patch_xml(template.xml_to_string(parse_xml(rel.target_part.blob)))
    return xml


def undeclared_variables(path: Path) -> set[str]:
    """Top-level names a .docx sjabloon uses (docxtpl's own analysis)."""
    from docxtpl import DocxTemplate

    return set(DocxTemplate(path).get_undeclared_template_variables(jinja_env=_environment()))


def top_level_names(path: Path) -> set[str]:
    """Every top-level context name a sjabloon (Word or mail) refers to."""
    return set(meta.find_undeclared_variables(_environment().parse(template_source(path))))


def template_source(path: Path) -> str:
    return docx_source(path) if path.suffix == ".docx" else path.read_text(encoding="utf-8")


def check_template(path: Path, schema: Mapping[str, Any]) -> list[str]:
    """Every variable or field in ``path`` the schema does not describe (empty: all known)."""
    problems: list[str] = []
    if path.suffix == ".docx":
        problems += [
            f"onbekende variabele '{naam}'"
            for naam in sorted(undeclared_variables(path) - set(schema))
        ]
    try:
        tree = _environment().parse(template_source(path))
    except Exception as exc:  # a syntax error in the sjabloon is a problem to report
        return [f"fout in de sjabloontekst: {exc}"]
    _Checker(schema, problems).visit(tree, {})
    return sorted(dict.fromkeys(problems))


class _Checker:
    def __init__(self, schema: Mapping[str, Any], problems: list[str]) -> None:
        self.schema = schema
        self.problems = problems

    def visit(self, node: nodes.Node, scope: dict[str, Schema]) -> None:
        if isinstance(node, nodes.For):
            iterated = self.resolve(node.iter, scope)
            item: Schema = iterated[0] if isinstance(iterated, list) else _ANY
            inner = dict(scope)
            for target in _names(node.target):
                inner[target] = item
            inner["loop"] = _ANY
            for child in [*node.body, *node.else_]:
                self.visit(child, inner)
            if node.test is not None:
                self.visit(node.test, inner)
            return
        if isinstance(node, nodes.Getattr | nodes.Name):
            self.resolve(node, scope)
            return
        for child in node.iter_child_nodes():
            self.visit(child, scope)

    def resolve(self, node: nodes.Node, scope: dict[str, Schema]) -> Schema:
        if isinstance(node, nodes.Name):
            if node.name in scope:
                return scope[node.name]
            if node.name in self.schema:
                return self.schema[node.name]
            if node.ctx == "load":
                self.problems.append(f"onbekende variabele '{node.name}'")
            return _ANY
        if isinstance(node, nodes.Getattr):
            base = self.resolve(node.node, scope)
            if isinstance(base, Mapping):
                if node.attr in base:
                    return base[node.attr]
                self.problems.append(f"onbekend veld '{_dotted(node)}'")
                return _ANY
            if base != _ANY:
                self.problems.append(f"'{_dotted(node.node)}' heeft geen veld '{node.attr}'")
            return _ANY
        self.visit(node, scope)
        return _ANY


def _names(target: nodes.Node) -> Iterator[str]:
    if isinstance(target, nodes.Name):
        yield target.name
    elif isinstance(target, nodes.Tuple):
        for item in target.items:
            yield from _names(item)


def _dotted(node: nodes.Node) -> str:
    if isinstance(node, nodes.Getattr):
        return f"{_dotted(node.node)}.{node.attr}"
    if isinstance(node, nodes.Name):
        return node.name
    return "…"


def render_docx(path: Path, context: Mapping[str, Any]) -> bytes:
    """The filled-in Word document as bytes."""
    from docxtpl import DocxTemplate

    template = DocxTemplate(path)
    template.render(dict(context), jinja_env=_environment(), autoescape=True)
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()


def render_text(path: Path, context: Mapping[str, Any]) -> tuple[str, str]:
    """A mail sjabloon: (onderwerp, tekst); the first line reads ``Onderwerp: …``."""
    rendered = _environment().from_string(path.read_text(encoding="utf-8")).render(context)
    first, _, rest = rendered.partition("\n")
    if first.lower().startswith("onderwerp:"):
        return first.split(":", 1)[1].strip(), rest.lstrip("\n")
    return "", rendered

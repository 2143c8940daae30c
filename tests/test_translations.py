"""The Korean catalogue (locale/ko) holds every message our code marks for translation, with the same
placeholders, and the committed .mo is compiled from the committed .po."""

import ast
import gettext
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "locale" / "ko" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
SOURCES = [*ROOT.joinpath("market").rglob("*.py"), *ROOT.joinpath("api").rglob("*.py")]
GETTEXT_NAMES = {"_", "gettext", "gettext_lazy"}
PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*[sdrxX]")


def read_po(path: Path) -> dict[str, str]:
    """msgid -> msgstr of a .po file without plurals or contexts (ours has neither)."""
    entries, current = {}, None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("msgid "):
            current = [ast.literal_eval(line[6:])]
            msgid = current
        elif line.startswith("msgstr "):
            current = [ast.literal_eval(line[7:])]
            entries["".join(msgid)] = current
        elif line.startswith('"') and current is not None:
            current.append(ast.literal_eval(line))
        elif line.startswith("#~"):
            raise AssertionError("obsolete (#~) entries: remove them")
    return {k: "".join(v) for k, v in entries.items() if k}


def marked_messages(sources=SOURCES) -> set[str]:
    found = set()
    for path in sources:
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in GETTEXT_NAMES
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.add(node.args[0].value)
    return found


def test_every_marked_message_has_a_korean_translation_with_the_same_placeholders():
    catalogue = read_po(PO)
    marked = marked_messages()
    assert len(marked) > 100
    missing = sorted(m for m in marked if not catalogue.get(m))
    assert not missing, f"translate these in {PO.relative_to(ROOT)} (makemessages -l ko): {missing}"
    for msgid, msgstr in catalogue.items():
        assert sorted(PLACEHOLDER.findall(msgid)) == sorted(PLACEHOLDER.findall(msgstr)), msgid
        assert re.search(r"[가-힣]", msgstr), f"not Korean: {msgid!r} -> {msgstr!r}"
    assert "#, fuzzy" not in PO.read_text(encoding="utf-8")


def test_the_committed_mo_is_compiled_from_the_committed_po():
    with MO.open("rb") as handle:
        compiled = {k: v for k, v in gettext.GNUTranslations(handle)._catalog.items() if k}
    assert compiled == read_po(PO), "run: python manage.py compilemessages -l ko"


@pytest.mark.parametrize("text", ["_('%(x)s left')", "gettext('a %(n)d b')", "gettext_lazy('c')"])
def test_the_scanner_finds_marked_messages(tmp_path, text):
    source = tmp_path / "m.py"
    source.write_text(f"x = {text}\ny = str('not marked')\n")
    assert marked_messages([source]) == {ast.literal_eval(text[text.index("(") :])}


ERROR_TYPES = {
    "ApplicationError",
    "Conflict",
    "NotFound",
    "PermissionDenied",
    "PaymentDeclined",
    "PaymentMethodInvalid",
    "ServiceUnavailable",
    "IntegerParseError",
    "ValidationError",
    "ParseError",
}


def unmarked_error_messages(sources=SOURCES) -> list[str]:
    """Errors people read, raised with a bare string or f-string instead of a translated one."""
    found = []
    for path in sources:
        if "migrations" in path.parts or "management" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if (
                name in ERROR_TYPES
                and isinstance(node.args[0], (ast.JoinedStr, ast.Constant))
                and isinstance(getattr(node.args[0], "value", ""), str)
            ):
                found.append(f"{path}:{node.lineno}")
    return found


def test_errors_people_read_are_marked_for_translation():
    assert not unmarked_error_messages(), "wrap these messages in gettext (_) and translate them in locale/ko"


def test_the_error_scanner_finds_bare_messages(tmp_path):
    source = tmp_path / "m.py"
    source.write_text('raise ApplicationError(f"no {x}")\nraise Conflict(_("fine"))\nraise NotFound("bare")\n')
    assert [line.rsplit(":", 1)[1] for line in unmarked_error_messages([source])] == ["1", "3"]

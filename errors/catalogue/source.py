"""Parse the vendor's error-code page (saved as text) into plain entries.

The page is a run of headings (``400-InvalidParameter``, ``SDK Errors``…), each
followed by entries: a message line, then ``Cause:`` and ``Solution:``
paragraphs, with bullet and numbered lists nested by indentation (two spaces a
level). This module knows nothing of Django so it can be tested and reused on
its own; ``errors.catalogue.importer`` turns its output into database rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.text import slugify

# Sections of the page that carry no HTTP status, and the category they map to.
SECTIONS = {
    "SDK Errors": "sdk",
    "WebSocket Errors": "websocket",
    "Coding Plan": "coding-plan",
}
HEADING_RE = re.compile(r"^(\d{3}(?:/\d{3})*)-\s*(\S.*)$")
CAUSE_RE = re.compile(r"^(?:Possible cause|Cause(?:\s*(\d+))?)\s*:\s*(.*)$")
SOLUTION_RE = re.compile(r"^Solution\s*:\s*(.*)$")
EXAMPLES_RE = re.compile(r"^Error examples\s*:\s*$")
BULLET_RE = re.compile(r"^[•·]\s*(.*)$")
NUMBER_RE = re.compile(r"^(\d+)\.\s+(.*)$")
# A bare code line: one identifier, no spaces (``NetworkError``, ``FILE_TOO_LARGE``).
IDENTIFIER_RE = re.compile(r"^[A-Za-z_][\w.\-]*$")
# ``ConnectException: …``, ``error.AuthenticationError: …``: an exception name
# in front of the message, which users also search for by itself.
EXCEPTION_PREFIX_RE = re.compile(r"^(?:[a-z_]+\.)*([A-Z]\w*(?:Error|Exception)):\s")
# ``CLIENT_ERROR-[qwen-tts:]Engine …``: an upper-case code glued to the message.
GLUED_CODE_RE = re.compile(r"^([A-Z][A-Z_]{2,})-\S")
# Page-capture debris standing alone on a line (an image's alt text).
DEBRIS = {"image"}
# Inline fragments the page shows as code or links, in priority order: a URL
# (an address with a {placeholder} is code, since it cannot be followed), a
# call or assignment (`api_key=os.getenv("X")`, `Generation.call()`,
# `api_key = "sk-xxx"`), an environment-variable name, a snake_case name.
URL = r"https?://[^\s<>()\"'`]+[^\s<>()\"'`.,;:!?]"
CALL = r"(?:\b[a-z_]\w*\s?=\s?)?\b[A-Za-z_][\w.]*\((?:[^()\s]|\s(?=\S))*\)"
ASSIGNMENT = r"\b[a-z_]\w*\s?=\s?\"[^\"\s]+\""
ENV_NAME = r"\b[A-Z][A-Z0-9]*_[A-Z0-9_]*[A-Z0-9]\b"
SNAKE_NAME = r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b"
INLINE_RE = re.compile(
    rf"`[^`]*`|(?P<url>{URL})|(?P<code>{CALL}|{ASSIGNMENT}|{ENV_NAME}|{SNAKE_NAME})"
)


@dataclass
class Unit:
    """One non-blank line of the page: its indentation, list kind and text."""

    indent: int
    text: str
    kind: str = "text"  # "text", "bullet" or "number"
    number: int = 0

    @property
    def top(self) -> bool:
        return self.indent == 0 and self.kind == "text"


@dataclass
class ParsedEntry:
    status: int | None
    code: str
    aliases: list[str]
    message: str
    cause: str
    solution: str
    category: str
    heading: str
    position: int = 0
    slug: str = ""
    extra: dict = field(default_factory=dict)


def read_units(text: str) -> list[Unit]:
    units = []
    for raw in text.splitlines():
        line = raw.rstrip().replace("\u00a0", " ")
        if not line.strip() or line.strip() in DEBRIS:
            continue
        indent = len(line) - len(line.lstrip(" "))
        body = line.strip()
        if bullet := BULLET_RE.match(body):
            units.append(Unit(indent, bullet.group(1), "bullet"))
        elif (number := NUMBER_RE.match(body)) and indent > 0:
            units.append(Unit(indent, number.group(2), "number", int(number.group(1))))
        else:
            units.append(Unit(indent, body))
    return units


def heading_of(unit: Unit) -> tuple[list[int | None], str, list[str], str] | None:
    """(statuses, code, aliases, category) when the unit is a heading."""
    if not unit.top:
        return None
    if unit.text in SECTIONS:
        return [None], "", [], SECTIONS[unit.text]
    match = HEADING_RE.match(unit.text)
    if not match:
        return None
    statuses = [int(status) for status in match.group(1).split("/")]
    names = [name.strip() for name in match.group(2).split("/") if name.strip()]
    return statuses, names[0], names[1:], "api"


def inline_markdown(text: str) -> str:
    """Mark URLs as links and code fragments as code, as the page shows them."""

    def replace(found: re.Match) -> str:
        if found.group("url"):
            url = found.group("url")
            return f"`{url}`" if "{" in url else f"<{url}>"
        if found.group("code"):
            return f"`{found.group('code')}`"
        return found.group(0)  # already code

    return INLINE_RE.sub(replace, text)


def table_rows(units: list[Unit], start: int) -> list[list[str]] | None:
    """The table starting at `units[start]`, as rows of cells, or None.

    The page's tables arrive one cell per line. The shape recognised is the
    one the page has: a header row, then rows of a label followed by
    addresses (the base URLs by region). The column count is the number of
    cells before the first address, less the first row's label.
    """
    indent = units[start].indent
    cells: list[str] = []
    for unit in units[start:]:
        if unit.kind != "text" or unit.indent != indent or unit.indent == 0:
            break
        cells.append(unit.text)
    leading = next(
        (index for index, cell in enumerate(cells) if "://" in cell), len(cells)
    )
    columns = leading - 1
    if columns < 2 or leading == len(cells):
        return None
    rows = [cells[:columns]]
    position = columns
    while position + columns <= len(cells):
        row = cells[position : position + columns]
        if "://" in row[0] or not all("://" in cell for cell in row[1:]):
            break
        rows.append(row)
        position += columns
    if len(rows) < 3 or any("://" in cell for cell in rows[0]):
        return None
    return rows


def markdown_table(rows: list[list[str]], pad: str) -> str:
    lines = [rows[0], ["---"] * len(rows[0]), *rows[1:]]
    return "\n".join(
        pad + "| " + " | ".join(inline_markdown(cell) for cell in row) + " |"
        for row in lines
    )


def to_markdown(units: list[Unit], base: int = 0) -> str:
    """Render lines as Markdown, turning two-space source levels into lists,
    cell-per-line tables into tables, URLs into links and code into code."""
    blocks = []
    index = 0
    while index < len(units):
        unit = units[index]
        # Source level 1 is a top-level list item; deeper text continues the
        # item one level up, which Markdown indents four spaces a level.
        level = max(0, unit.indent - base) // 2
        pad = "    " * max(0, level - 1)
        text = inline_markdown(unit.text)
        if unit.kind == "bullet":
            blocks.append(f"{pad}- {text}")
        elif unit.kind == "number":
            blocks.append(f"{pad}{unit.number}. {text}")
        elif rows := table_rows(units, index):
            blocks.append(markdown_table(rows, pad))
            index += sum(len(row) for row in rows)
            continue
        else:
            blocks.append(pad + text)
        index += 1
    return "\n\n".join(blocks)


def is_cause_bullet(unit: Unit) -> bool:
    return unit.kind == "bullet" and CAUSE_RE.match(unit.text) is not None


class GroupParser:
    """Split the lines under one heading into entries."""

    def __init__(self, units: list[Unit]):
        self.units = units

    def starts_entry(self, index: int) -> bool:
        units = self.units
        unit = units[index]
        if not unit.top or CAUSE_RE.match(unit.text) or SOLUTION_RE.match(unit.text):
            return False
        if EXAMPLES_RE.match(unit.text):
            return False
        following = index + 1
        if following < len(units) and EXAMPLES_RE.match(units[following].text):
            following += 1
            while following < len(units) and not units[following].top:
                following += 1
        if following >= len(units):
            return False
        after = units[following]
        if after.top and CAUSE_RE.match(after.text):
            return True
        if is_cause_bullet(after):
            # An intro line ("Using CosyVoice voice cloning:") under a message
            # belongs to that message's cause.
            previous = units[index - 1] if index else None
            is_intro = unit.text.endswith(":") and previous is not None and previous.top
            return not (is_intro and not CAUSE_RE.match(previous.text))
        if (
            after.top
            and not SOLUTION_RE.match(after.text)
            and following + 1 < len(units)
        ):
            beyond = units[following + 1]
            # "NetworkError" then its message then "Cause:": a code line.
            if (
                IDENTIFIER_RE.match(unit.text)
                and beyond.top
                and CAUSE_RE.match(beyond.text)
            ):
                return True
            # A message, an intro line ("Using CosyVoice voice cloning:"), then
            # bulleted causes.
            if after.text.endswith(":") and is_cause_bullet(beyond):
                return True
        return False

    def entries(self) -> list[dict]:
        starts = [i for i in range(len(self.units)) if self.starts_entry(i)]
        # A code line is folded into the message that follows it.
        merged = [
            start
            for start in starts
            if not (
                start - 1 in starts and IDENTIFIER_RE.match(self.units[start - 1].text)
            )
        ]
        results = []
        if not merged or self.leading_body(merged):
            # Lines before the first message (or a heading with no message line
            # at all, like "200- BailianGateway…"): an entry with no message.
            first = merged[0] if merged else len(self.units)
            if first > 0:
                results.append(self.build(None, None, self.units[:first]))
        for position, start in enumerate(merged):
            end = (
                merged[position + 1] if position + 1 < len(merged) else len(self.units)
            )
            code_line = None
            body_start = start + 1
            if (
                IDENTIFIER_RE.match(self.units[start].text)
                and start + 1 < end
                and self.units[start + 1].top
                and not CAUSE_RE.match(self.units[start + 1].text)
                and not SOLUTION_RE.match(self.units[start + 1].text)
                and not self.units[start + 1].text.endswith(":")
            ):
                code_line = self.units[start].text
                message = self.units[start + 1].text
                body_start = start + 2
            else:
                message = self.units[start].text
            results.append(self.build(code_line, message, self.units[body_start:end]))
        return results

    def leading_body(self, starts: list[int]) -> bool:
        return starts[0] > 0 and any(
            CAUSE_RE.match(unit.text) for unit in self.units[: starts[0]] if unit.top
        )

    def build(
        self, code_line: str | None, message: str | None, body: list[Unit]
    ) -> dict:
        examples: list[Unit] = []
        cause: list[Unit] = []
        solution: list[Unit] = []
        target = cause  # lines before any marker (an intro line) explain the cause
        numbered_causes = sum(
            1
            for unit in body
            if unit.top and (m := CAUSE_RE.match(unit.text)) and m.group(1)
        )
        cause_number = ""
        for unit in body:
            if unit.top and EXAMPLES_RE.match(unit.text):
                target = examples
                continue
            if unit.top and (match := CAUSE_RE.match(unit.text)):
                target = cause
                cause_number = match.group(1) or ""
                text = match.group(2)
                if numbered_causes > 1 and cause_number:
                    text = f"Cause {cause_number}: {text}".rstrip()
                if text:
                    cause.append(Unit(0, text))
                continue
            if unit.top and (match := SOLUTION_RE.match(unit.text)):
                target = solution
                text = match.group(1)
                if numbered_causes > 1 and cause_number:
                    text = f"For cause {cause_number}: {text}".rstrip()
                if text:
                    solution.append(Unit(0, text))
                continue
            if target is examples and unit.top:
                target = cause
            target.append(unit)
        if any(is_cause_bullet(unit) for unit in cause):
            cause, solution = split_cause_bullets(cause, solution)
        cause_md = to_markdown(cause)
        if examples:
            cause_md = "\n\n".join(
                part
                for part in ["Error examples:", to_markdown(examples), cause_md]
                if part
            )
        return {
            "code_line": code_line,
            "message": message,
            "cause": cause_md,
            "solution": to_markdown(solution),
        }


def split_cause_bullets(
    cause: list[Unit], solution: list[Unit]
) -> tuple[list[Unit], list[Unit]]:
    """Turn bullets that each hold a cause and its solution into two lists.

    ``• Cause 1: …`` with an indented ``Solution: …`` under it becomes item 1
    of the cause list and item 1 ("For cause 1: …") of the solution list.
    """
    new_cause: list[Unit] = []
    new_solution: list[Unit] = []
    index = 0
    counter = 0
    while index < len(cause):
        unit = cause[index]
        if not is_cause_bullet(unit):
            new_cause.append(unit)
            index += 1
            continue
        counter += 1
        match = CAUSE_RE.match(unit.text)
        number = match.group(1) or str(counter)
        new_cause.append(
            Unit(unit.indent, f"Cause {number}: {match.group(2)}", "bullet")
        )
        index += 1
        in_solution = False
        while index < len(cause) and cause[index].indent > unit.indent:
            inner = cause[index]
            solution_match = (
                SOLUTION_RE.match(inner.text) if inner.kind == "text" else None
            )
            if solution_match and inner.indent == unit.indent + 2:
                in_solution = True
                text = f"For cause {number}: {solution_match.group(1)}".rstrip()
                new_solution.append(Unit(unit.indent, text, "bullet"))
            elif in_solution:
                new_solution.append(inner)
            else:
                new_cause.append(inner)
            index += 1
    return new_cause, new_solution + solution


def derive_code(code_line: str | None, message: str) -> tuple[str, list[str]]:
    """Code and aliases of an entry under a section with no heading code."""
    aliases = []
    if exception := EXCEPTION_PREFIX_RE.match(message):
        aliases.append(exception.group(1))
    if code_line:
        return code_line, [alias for alias in aliases if alias != code_line]
    if glued := GLUED_CODE_RE.match(message):
        return glued.group(1), aliases
    if IDENTIFIER_RE.match(message) and ("_" in message or message.isupper()):
        return message, []
    if aliases:
        return aliases[0], aliases[1:]
    return "", []


def make_slug(status: int | None, category: str, code: str, message: str) -> str:
    prefix = str(status) if status is not None else category
    words = slugify(f"{prefix} {code} {message}")
    if len(words) > 80:
        words = words[:80].rsplit("-", 1)[0]
    return words


def parse_catalogue(text: str) -> list[ParsedEntry]:
    """Every documented entry of the page, in page order."""
    groups: list[tuple[tuple, str, list[Unit]]] = []
    for unit in read_units(text):
        if (heading := heading_of(unit)) is not None:
            groups.append((heading, unit.text, []))
        elif groups:
            groups[-1][2].append(unit)
    entries: list[ParsedEntry] = []
    seen_slugs: dict[str, int] = {}
    for (statuses, code, aliases, category), heading_text, units in groups:
        for raw in GroupParser(units).entries():
            message = raw["message"]
            if category == "api":
                entry_code, entry_aliases = code, list(aliases)
                if raw["code_line"]:
                    entry_aliases.append(raw["code_line"])
            else:
                entry_code, entry_aliases = derive_code(raw["code_line"], message or "")
            if not message:
                message = entry_code or heading_text
            for status in statuses:
                slug = make_slug(status, category, entry_code, message)
                seen_slugs[slug] = seen_slugs.get(slug, 0) + 1
                if seen_slugs[slug] > 1:
                    slug = f"{slug}-{seen_slugs[slug]}"
                entries.append(
                    ParsedEntry(
                        status=status,
                        code=entry_code,
                        aliases=entry_aliases,
                        message=message,
                        cause=raw["cause"],
                        solution=raw["solution"],
                        category=category,
                        heading=heading_text,
                        position=len(entries) + 1,
                        slug=slug,
                    )
                )
    return entries

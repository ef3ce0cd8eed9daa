"""Event edge cases: file, line and key, never [unexpected-error] (checked as :mod:`tests.site_errors` does)."""

from __future__ import annotations

from tests.site_errors import load_errors, reported

ARTICLE = "news/2026/lecture-4-notice.md"


def test_event_edge_cases_are_reported_at_their_lines(content_copy):
    source = content_copy / ARTICLE
    text = source.read_text(encoding="utf-8")
    for old, new in (
        ("  start: 2027-03-20 15:00\n", "  start: 2027-03-20\n"),  # an all-day event …
        ("  end: 2027-03-20 17:00\n", "  end: 9999-12-31\n"),  # … ending 9999-12-31 (line 10)
        ("  venue: 图书馆报告厅\n", '  venue: "图书馆\\r\\n报告厅"\n'),  # CR/LF (line 11)
        ("  register_deadline: 2027-03-15 18:00\n", ""),  # would be after the start
        ("  number: 4\n", "  number: 1234567890123456789012345678901\n"),  # 31 digits (line 18)
    ):
        assert old in text
        text = text.replace(old, new)
    source.write_text(text, encoding="utf-8")
    errors = load_errors(content_copy)  # an unexpected failure would raise here
    found = {(e.path, e.line, e.key) for e in errors}
    for line, key in (
        (10, "event-date-out-of-range"),
        (11, "event-line-break"),
        (18, "invalid-event-number"),
    ):
        assert (f"content/{ARTICLE}", line, key) in found, reported(errors)
    assert "1234567890" not in reported(errors)

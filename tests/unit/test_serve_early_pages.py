"""The preview server's side of the early page (wfu/serve.py EarlyPages), with a stand-in holder.

When the server asks the last build's holder for an early page, and when it
drops one, decide what an editor can see: these tests drive it with a holder
that answers on the real socket (no build, no Pelican).
"""

from __future__ import annotations

import json
import os
import socket
import threading

import pytest

from wfu.serve import EarlyPages

PAGE = "news/2024/a/index.html"


class Holder:
    """Answers like wfu.early.hold: ready, then one answer per request (``answer`` decides)."""

    def __init__(self, end: socket.socket, release: str, answer=None) -> None:
        self.requests: list[dict] = []
        self.end = end
        self.answer = answer or (lambda request: {"page": PAGE})
        self.stream = end.makefile("rwb")
        self.stream.write(json.dumps({"ready": True, "release": release}).encode() + b"\n")
        self.stream.flush()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        for line in self.stream:
            request = json.loads(line)
            self.requests.append(request)
            answer = self.answer(request)
            if answer is None:  # the holder dies
                self.stream.close()
                self.end.close()
                return
            if "page" in answer:
                path = os.path.join(request["folder"], answer["page"])
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "wb") as handle:
                    handle.write(b"<html>early " + request["render"].encode() + b"</html>")
            self.stream.write(json.dumps(answer).encode() + b"\n")
            self.stream.flush()


@pytest.fixture
def site(tmp_path):
    content = tmp_path / "content"
    (content / "news/2024").mkdir(parents=True)
    return content


def preview(site, reload=lambda: None) -> EarlyPages:
    """The server's side, over ``site`` with ``output`` beside it (a symlink to a release, as wfu.releases makes)."""
    return EarlyPages(str(site), str(site.parent / "output"), reload, timeout=10)


def published(early: EarlyPages, answer=None) -> Holder:
    """A build that published a new release (``output`` switched to it) and left a holder."""
    output = early.output
    release = os.path.join(os.path.dirname(output), ".releases", str(early._generation))
    os.makedirs(release)
    if os.path.islink(output):
        os.remove(output)
    os.symlink(release, output)
    channel = early.build_starting()
    holder = Holder(channel.child, os.path.realpath(release), answer)
    early.build_ended(channel, True)
    return holder


def test_the_one_body_saved_since_the_holders_build_is_served_until_the_next_build_ends(site):
    reloads = []
    early = preview(site, lambda: reloads.append(1))
    holder = published(early)
    article = str(site / "news/2024/a.md")
    early.changed({article})
    assert early.show_latest() is True
    assert holder.requests[0]["render"] == article
    assert (
        early.page("/news/2024/a/")
        == early.page("news/2024/a/index.html")
        == f"<html>early {article}</html>".encode()
    )
    assert early.page("news/2024/b/") is None and reloads == [1]
    assert not os.path.exists(holder.requests[0]["folder"])  # the page is kept in memory, its folder removed
    published(early)  # the full build that the save started
    assert early.page("news/2024/a/") is None and reloads == [1]  # the release has the page now


@pytest.mark.parametrize(
    "changes",
    [
        ["news/2024/a.md", "news/2024/b.md"],  # two files
        ["news/2024/a.md", "data/colleges.yml"],  # a body and a data file
        ["data/colleges.yml"],
        ["images/news/a.jpg"],
        ["../theme/templates/base.html"],  # outside the content folder: code
    ],
)
def test_no_early_page_unless_one_markdown_file_is_the_only_change(site, changes):
    early = preview(site, lambda: None)
    holder = published(early)
    early.changed({os.path.normpath(str(site / change)) for change in changes})
    assert early.show_latest() is False
    assert holder.requests == []


def test_changes_made_while_the_holders_build_ran_count_against_it(site):
    """A file saved during a build may have been read before or after the save: no early page for two."""
    early = preview(site)
    published(early)
    channel = early.build_starting()
    early.changed({str(site / "data/colleges.yml")})  # during the build
    holder = Holder(channel.child, os.path.realpath(early.output))
    early.build_ended(channel, True)
    early.changed({str(site / "news/2024/a.md")})
    assert early.show_latest() is False and holder.requests == []


def test_a_failed_build_drops_the_early_page_and_none_is_served_until_a_build_publishes(site):
    reloads = []
    early = preview(site, lambda: reloads.append(1))
    holder = published(early)
    article = str(site / "news/2024/a.md")
    early.changed({article})
    assert early.show_latest() is True
    channel = early.build_starting()
    channel.child.close()  # the build failed: it left no holder
    early.build_ended(channel, False)
    assert early.page("news/2024/a/") is None
    assert reloads == [1, 1]  # browsers showing the early page go back to the last good site
    early.changed({article})
    assert early.show_latest() is False and len(holder.requests) == 1
    published(early)
    early.changed({article})
    assert early.show_latest() is True


def test_no_early_page_once_another_build_switched_the_output(site):
    """Say ``invoke build`` into the same output from another terminal: its release is not the holder's."""
    early = preview(site)
    published(early)
    article = str(site / "news/2024/a.md")
    early.changed({article})
    assert early.show_latest() is True and early.page("news/2024/a/") is not None
    other = site.parent / ".releases" / "other"
    other.mkdir()
    os.remove(early.output)
    os.symlink(other, early.output)
    assert early.page("news/2024/a/") is None
    early.changed({article})
    assert early.show_latest() is False


@pytest.mark.parametrize("answer", [{"refused": "the file has errors"}, {"page": "../outside.html"}, None])
def test_a_refusal_a_bad_answer_or_a_dead_holder_serves_nothing(site, answer):
    early = preview(site, lambda: None)
    published(early, lambda request: answer)
    early.changed({str(site / "news/2024/a.md")})
    assert early.show_latest() is False
    assert early.page("news/2024/a/") is None and early.page("outside.html") is None


def test_a_save_during_the_render_discards_the_page(site):
    early = preview(site, lambda: None)
    article = str(site / "news/2024/a.md")

    def answer(request):
        early.changed({article})  # saved again while the holder renders
        return {"page": PAGE}

    published(early, answer)
    early.changed({article})
    assert early.show_latest() is False
    assert early.page("news/2024/a/") is None


@pytest.mark.parametrize(
    ("page", "served"),
    [
        ("<html><body><p>讲座同时线上直播。</p></body></html>", True),
        ("<html><body><p>联系人电话 138 1234 5678。</p></body></html>", False),  # a personal mobile
        (None, False),  # a file the scan cannot read (a link): fail closed
    ],
)
def test_the_holders_page_passes_the_output_privacy_scan_or_is_not_served(tmp_path, page, served):
    """The holder's last step (wfu/early.py): the same scan as the build's second privacy pass."""
    from types import SimpleNamespace

    from plugins.common.privacy import PrivacyPolicy
    from wfu.early import EarlyPages

    holder = object.__new__(EarlyPages)  # only the scan: no build context needed
    holder.site = SimpleNamespace(config=SimpleNamespace(privacy=PrivacyPolicy()))
    target = tmp_path / "early" / PAGE
    target.parent.mkdir(parents=True)
    if page is None:
        target.symlink_to(tmp_path)
    else:
        target.write_text(page, encoding="utf-8")
    save_as, reason = holder._scanned(str(tmp_path / "early"), PAGE)
    assert (save_as == PAGE) is served and (reason == "") is served
    assert target.exists() is served  # a refused page is removed with its folder

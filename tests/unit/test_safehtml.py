"""``json_text``/``script_json``: JSON whose ``<``, ``>`` and ``&`` can never close a script element."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from plugins.common.safehtml import json_text, script_json

ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}
TEXTS = st.text(alphabet=st.sampled_from("<>&\\u0026/script校友 \n\"'") | st.characters(), max_size=40)
DATA = st.recursive(
    st.none() | st.booleans() | st.integers() | TEXTS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXTS, inner, max_size=4),
    max_leaves=12,
)


@given(DATA, st.sampled_from([None, 2]))
def test_json_text_escapes_every_markup_character_and_reads_back_the_same(data, indent):
    text = json_text(data, indent)
    assert not {"<", ">", "&"} & set(text)
    assert json.loads(text) == data
    # Each character replaced as one table would (the escapes hold none of the three).
    assert text == json.dumps(data, ensure_ascii=False, indent=indent).translate(ESCAPES)


def test_a_title_cannot_close_the_json_ld_script():
    ld = script_json({"headline": "</script><script>alert(1)</script>&amp;"})
    assert "</script" not in ld and "\\u003c/script\\u003e" in ld

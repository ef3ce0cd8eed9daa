"""YAML and text limits: aliases, size, node and depth caps, encodings, length caps, fuzzing."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plugins.common.errors import ContentErrors
from plugins.common.frontmatter import split_front_matter
from plugins.common.limits import (
    LIMITS_DEFAULTS,
    Limits,
    length_errors,
    limits_from_settings,
    size_errors,
    summary_errors,
    title_errors,
)
from plugins.common.settings import SettingsError
from plugins.common.yamlio import LineDict, decode_utf8, load_yaml, read_data_file

BILLION_LAUGHS = "\n".join(
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]" for i in range(8)]
)


def keys(exc: pytest.ExceptionInfo) -> list[tuple[int, str]]:
    return [(e.line, e.key) for e in exc.value.errors]


def test_billion_laughs_is_refused_at_the_first_anchor():
    with pytest.raises(ContentErrors) as exc:
        load_yaml(BILLION_LAUGHS, "content/data/x.yml")
    assert keys(exc) == [(1, "yaml-alias")]
    assert "content/data/x.yml:1:" in exc.value.report()


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("a: 1\nb: *a\n", 2),  # alias to an unknown anchor: still our key, not a traceback
        ("base: &base {x: 1}\nother:\n  <<: *base\n", 1),
        ("- &x 1\n- 2\n", 1),
        ("title: &t 标题\n", 1),
    ],
)
def test_aliases_and_anchors_are_refused(text, line):
    with pytest.raises(ContentErrors) as exc:
        load_yaml(text, "x.yml")
    assert keys(exc) == [(line, "yaml-alias")]


def test_quoted_ampersand_and_star_are_text():
    data = load_yaml('a: "&不是锚点"\nb: "*也不是别名"\nc: 张三 & 李四\n', "x.yml")
    assert data == {"a": "&不是锚点", "b": "*也不是别名", "c": "张三 & 李四"}


def test_line_offset_applies_to_limit_errors():
    with pytest.raises(ContentErrors) as exc:
        load_yaml("title: x\ntags: &t [a]\n", "a.md", first_line=2)
    assert keys(exc) == [(3, "yaml-alias")]


def test_depth_limit():
    deep = "a: " + "[" * 40 + "]" * 40
    with pytest.raises(ContentErrors) as exc:
        load_yaml(deep, "x.yml")
    assert keys(exc) == [(1, "yaml-too-deep")]
    assert load_yaml("a: " + "[" * 10 + "]" * 10, "x.yml") is not None
    with pytest.raises(ContentErrors) as exc:
        load_yaml("a: " + "[" * 200_000, "x.yml")  # unclosed and absurdly deep: refused early
    assert keys(exc) == [(1, "yaml-too-deep")]


def test_block_nesting_counts_too():
    text = "a:\n" + "".join(" " * i + f"k{i}:\n" for i in range(1, 40)) + " " * 40 + "v"
    with pytest.raises(ContentErrors) as exc:
        load_yaml(text, "x.yml")
    assert keys(exc)[0][1] == "yaml-too-deep"


def test_node_limit():
    text = "\n".join(f"- {i}" for i in range(101))
    with pytest.raises(ContentErrors) as exc:
        load_yaml(text, "x.yml", limits=Limits(yaml_nodes=100))
    assert keys(exc) == [(100, "file-too-large")]  # the list itself is the first node
    assert len(load_yaml(text, "x.yml", limits=Limits(yaml_nodes=102))) == 101


def test_syntax_errors_keep_their_key_and_line():
    with pytest.raises(ContentErrors) as exc:
        load_yaml("a: 1\nb: [1, 2\n", "x.yml")
    assert keys(exc) == [(2, "yaml-syntax")]


def test_control_characters_are_a_syntax_error_not_a_traceback():
    with pytest.raises(ContentErrors) as exc:
        load_yaml("a: \x00b\n", "x.yml")
    assert keys(exc) == [(1, "yaml-syntax")]


def test_data_file_size_cap(tmp_path):
    big = tmp_path / "big.yml"
    big.write_bytes(b"a: " + b"x" * 2000)
    with pytest.raises(ContentErrors) as exc:
        read_data_file(str(big), "content/data/big.yml", Limits(data_file_bytes=1000))
    assert keys(exc) == [(0, "file-too-large")]
    assert read_data_file(str(big), "content/data/big.yml")["a"] == "x" * 2000


def test_gbk_data_file_gets_a_hint(tmp_path):
    gbk = tmp_path / "associations.yml"
    gbk.write_bytes("- name: 北京校友会\n  city: 北京\n".encode("gbk"))
    with pytest.raises(ContentErrors) as exc:
        read_data_file(str(gbk), "content/data/associations.yml")
    assert keys(exc) == [(0, "not-utf8")]
    assert exc.value.report().startswith(
        "content/data/associations.yml: 文件不是 UTF-8 编码，看起来是 GBK 编码"
    )


def test_utf8_with_bom_is_fine(tmp_path):
    bom = tmp_path / "a.yml"
    bom.write_bytes("\ufeffname: 北京校友会\n".encode())
    assert read_data_file(str(bom), "a.yml") == {"name": "北京校友会"}


def test_undecodable_bytes_get_a_generic_hint():
    with pytest.raises(ContentErrors) as exc:
        decode_utf8(b"\xff\xfe\xff\x00\x81", "a.yml")
    assert keys(exc) == [(0, "not-utf8")] and "编码无法识别" in exc.value.report()


def test_front_matter_size_cap():
    text = "---\ntitle: " + "很" * 30_000 + "\n---\n正文"
    with pytest.raises(ContentErrors) as exc:
        split_front_matter(text, "a.md")
    assert keys(exc) == [(1, "file-too-large")]
    assert split_front_matter(text, "a.md", Limits(front_matter_bytes=200_000)).meta["title"].startswith("很")


def test_five_megabyte_title_is_refused():
    title = "长" * 5_000_000
    assert [e.key for e in title_errors(title, "a.md", 2)] == ["too-long"]
    message = title_errors(title, "a.md", 2)[0].format()
    assert message.startswith("a.md:2: 标题") and "5000000 字" in message and "长长" not in message
    # ... and a 5 MB title inside a front matter stops at the size cap, before YAML parsing
    with pytest.raises(ContentErrors) as exc:
        split_front_matter(f"---\ntitle: {title}\n---\n", "a.md")
    assert keys(exc) == [(1, "file-too-large")]


def test_length_caps():
    assert title_errors("校" * 100, "a.md", 2) == []
    assert summary_errors("校" * 301, "a.md", 3)[0].key == "too-long"
    assert length_errors("ab", "a.yml", 7, "name", 1, "名称")[0].format() == (
        "a.yml:7: 名称“name”太长（2 字，最多 1 字）：请精简后再保存 [too-long]"
    )
    assert size_errors(10, "a.yml", 10) == []


def test_limits_settings():
    assert limits_from_settings(None) == Limits(**LIMITS_DEFAULTS)
    assert limits_from_settings({"title_chars": 80}).title_chars == 80
    for bad in ({"title": 80}, {"title_chars": 0}, {"title_chars": "80"}, {"yaml_depth": True}):
        with pytest.raises(SettingsError):
            limits_from_settings(bad)


YAMLISH = st.text(alphabet=st.sampled_from(list("ab: -\n[]{}&*!|>'\"#%@`,?\t校友0123.") + ["\x00", "\ufeff"]))


@given(YAMLISH)
@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
def test_fuzz_yaml_only_content_errors(text):
    try:
        load_yaml(text, "x.yml")
    except ContentErrors as exc:
        assert all(e.path == "x.yml" and e.key for e in exc.errors)


@given(st.text(max_size=400) | YAMLISH.map(lambda body: "---\n" + body + "\n---\nbody"))
@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
def test_fuzz_front_matter_only_content_errors(text):
    try:
        result = split_front_matter(text, "a.md")
    except ContentErrors as exc:
        assert all(e.path == "a.md" and e.key for e in exc.errors)
    else:
        assert isinstance(result.meta, LineDict)


@given(st.binary(max_size=300))
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
def test_fuzz_random_bytes_data_file(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("fuzz") / "x.yml"
    path.write_bytes(data)
    try:
        read_data_file(str(path), "content/data/x.yml")
    except ContentErrors as exc:
        assert all(e.key for e in exc.errors)


def test_markdown_file_size_cap(tmp_path):
    from plugins.common.files import read_text

    article = tmp_path / "a.md"
    article.write_text("---\ntitle: 标题\n---\n" + "正文" * 1000, encoding="utf-8")
    with pytest.raises(ContentErrors) as exc:
        read_text(str(article), "content/news/2024/a.md", max_bytes=Limits().markdown_bytes // 1024)
    assert keys(exc) == [(0, "file-too-large")]
    assert read_text(str(article), "content/news/2024/a.md", max_bytes=Limits().markdown_bytes).startswith(
        "---"
    )

"""``ArticleList``: Pelican's taxonomy lists with a constant-time ``in``, the same answers as a list."""

from __future__ import annotations

import copy
import pickle
from collections import defaultdict

from hypothesis import given
from hypothesis import strategies as st

from plugins.news.generator import ArticleList, taxonomy_lists


class Item:
    """Like Pelican's content objects: no ``__eq__``, so ``in`` is identity."""


class Equal:
    """An item with its own ``__eq__``: ``in`` must use it, as a list does."""

    def __init__(self, value: int) -> None:
        self.value = value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Equal) and other.value == self.value

    __hash__ = None  # type: ignore[assignment]


POOL = [Item() for _ in range(6)]
OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "append",
                "extend",
                "insert",
                "remove",
                "pop",
                "clear",
                "setitem",
                "delitem",
                "iadd",
                "imul",
                "sort",
            ]
        ),
        st.integers(0, len(POOL) - 1),
        st.integers(0, len(POOL) - 1),
    ),
    max_size=30,
)


def apply(target: list, operation: str, first: int, second: int) -> None:
    item = POOL[first]
    if operation == "append":
        target.append(item)
    elif operation == "extend":
        target.extend([item, POOL[second]])
    elif operation == "insert":
        target.insert(second, item)
    elif operation == "remove" and item in list(target):
        target.remove(item)
    elif operation == "pop" and target:
        target.pop(second % len(target))
    elif operation == "clear":
        target.clear()
    elif operation == "setitem" and target:
        target[second % len(target)] = item
    elif operation == "delitem" and target:
        del target[second % len(target)]
    elif operation == "iadd":
        target += [item]
    elif operation == "imul":
        target *= 2
    elif operation == "sort":
        target.sort(key=POOL.index)


@given(OPERATIONS)
def test_in_answers_as_a_list_after_any_change(operations):
    plain, fast = [], ArticleList()
    for operation, first, second in operations:
        apply(plain, operation, first, second)
        apply(fast, operation, first, second)
        assert list(fast) == plain
        assert [item in fast for item in POOL] == [item in plain for item in POOL]


def test_an_item_with_its_own_equality_is_compared_as_a_list_would():
    articles = ArticleList([Equal(1), Item()])
    assert Equal(1) in articles and Equal(2) not in articles


def test_the_pretaxonomy_hook_makes_pelicans_empty_taxonomies_article_lists():
    class Generator:
        tags: defaultdict = defaultdict(list)
        categories: defaultdict = defaultdict(list)
        authors: list = []  # already flattened: left alone

    generator = Generator()
    taxonomy_lists(generator)
    assert isinstance(generator.tags["x"], ArticleList) and isinstance(generator.categories["y"], ArticleList)
    assert generator.authors == []


class Anything:
    """An item of the list whose ``__eq__`` says yes to everything (like ``mock.ANY``)."""

    def __eq__(self, other: object) -> bool:
        return True

    __hash__ = None  # type: ignore[assignment]


def test_an_item_of_the_list_with_its_own_equality_is_asked_as_a_list_would():
    # A list asks each of its items too (``element == item``), not only the item looked up.
    articles = ArticleList([Item()])
    articles.append(Anything())
    assert Item() in articles and Item() in list(articles)
    built = ArticleList([Anything()])
    assert Item() in built
    del articles[1]  # the list compares by identity again
    assert Item() not in articles


@given(OPERATIONS, st.sampled_from(["copy", "deepcopy", "pickle"]))
def test_a_copy_answers_as_a_copied_list(operations, how):
    original = ArticleList()
    for operation, first, second in operations:
        apply(original, operation, first, second)
    assert POOL[0] in original or POOL[0] not in original  # the set of ids is made (if items are plain)
    if how == "copy":
        copied = copy.copy(original)
    elif how == "deepcopy":
        copied = copy.deepcopy(original)
    else:
        copied = pickle.loads(pickle.dumps(original))
    plain = list(copied)
    extra = Item()
    copied.append(extra)  # a change to the copy is not one to the original
    assert isinstance(copied, ArticleList)
    assert extra not in original and extra in copied
    assert [item in copied for item in POOL] == [item in plain for item in POOL]
    assert [item in original for item in POOL] == [item in list(original) for item in POOL]

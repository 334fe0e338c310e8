"""The story: the shipped chapters, and views.story / views.story_chapters that show them.

The validator's rules for story.json are in test_validate.py, the link format and the moves in
test_viewstate.py, and the check that every figure in a chapter is sourced in test_views.py.
"""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from tumen_crossing import framing, views
from tumen_crossing.content import Content
from tumen_crossing.dates import date_start
from tumen_crossing.validate import validate
from tumen_crossing.viewstate import DEFAULT, open_chapter
from tumen_crossing.vocab import UI


@pytest.fixture(scope="module")
def content() -> Content:
    loaded, problems = validate()
    assert problems == []
    return loaded


def test_the_story_tells_the_arc_in_order(content) -> None:
    assert len(content.story) >= 8
    dated = [date_start(c.date) for c in content.story if c.date]
    assert dated == sorted(dated), "dated chapters run forward in time"
    assert content.story[-1].date is None, "the story ends on the newest sourced state"
    assert {"terrain", "satellite"} <= {c.base for c in content.story}


def test_reading_forward_and_back_visits_every_chapter_once(content) -> None:
    ids = [c.id for c in content.story]
    view = views.story(content, ids[0])
    forward = [view.chapter_id]
    while view.next_id:
        view = views.story(content, view.next_id)
        forward.append(view.chapter_id)
    assert forward == ids
    backward = [view.chapter_id]
    while view.previous_id:
        view = views.story(content, view.previous_id)
        backward.append(view.chapter_id)
    assert backward == ids[::-1]


def test_a_chapter_says_where_it_stands_and_what_it_shows(content) -> None:
    view = views.story(content, "railway-and-trade")
    assert (view.index, view.total, view.progress) == (3, len(content.story), f"3 of {view.total}")
    assert view.title == "The railway to Rajin, and a trickle of trade"
    assert view.day == date(2013, 9, 22) and view.date == "22 September 2013"
    assert view.features[0] == views.FeatureRef(
        "rail-khasan-rajin", "Khasan–Tumangang–Rajin railway"
    )
    assert (view.base, view.panel) == ("osm", "trade")
    assert (view.previous_id, view.next_id) == ("bridge-of-1959", "suspension-and-resumption")


def test_a_chapters_date_is_said_at_its_own_precision(content) -> None:
    dates = {c.id: views.story(content, c.id).date for c in content.story}
    assert dates["treaty-of-june-2024"] == "June 2024"
    assert dates["suspension-and-resumption"] == "2020"
    assert dates["bridge-of-1959"] == "9 August 1959"
    last = views.story(content, content.story[-1].id)
    assert (last.day, last.date) == (None, UI.story_newest)


def test_every_source_of_a_chapter_comes_with_its_own_words(content) -> None:
    for chapter in content.story:
        view = views.story(content, chapter.id)
        assert [c.source_id for c in view.sources] == chapter.sources
        assert all(c.receipt is not None for c in view.sources), chapter.id
    quotes = [c.receipt.quote for c in views.story(content, "launch-of-april-2025").sources]
    assert any("850-meter-long bridge" in (q or "") for q in quotes)


def test_a_fitted_chapter_frames_its_features(content) -> None:
    chapter = content.chapter("where-things-stand")
    view = views.story(content, chapter.id)
    geometries = [content.feature(f).geometry for f in chapter.features]
    assert (view.center, view.zoom) == framing.frame(geometries)
    west, south, east, north = (
        min(g.bounds[0] for g in geometries),
        min(g.bounds[1] for g in geometries),
        max(g.bounds[2] for g in geometries),
        max(g.bounds[3] for g in geometries),
    )
    assert south <= view.center[0] <= north and west <= view.center[1] <= east


def test_a_chapter_may_set_its_own_centre_and_zoom(content) -> None:
    chapter = content.story[0].model_copy(update={"fit": False, "center": (42.5, 130.7), "zoom": 9})
    own = dataclasses.replace(content, story=(chapter, *content.story[1:]))
    view = views.story(own, chapter.id)
    assert (view.center, view.zoom) == ((42.5, 130.7), 9)


def test_features_the_content_lacks_are_left_out_of_the_view(content) -> None:
    chapter = content.story[1].model_copy(update={"features": ["atlantis", "friendship-bridge"]})
    lacking = dataclasses.replace(content, story=(content.story[0], chapter))
    view = views.story(lacking, chapter.id)
    assert [f.feature_id for f in view.features] == ["friendship-bridge"]
    assert view.total == 2 and view.next_id is None


def test_an_unknown_chapter_has_no_view(content) -> None:
    assert views.story(content, "atlantis") is None
    assert views.story(Content(), "river-and-tripoint") is None
    assert views.story_chapters(Content()) == ()


def test_the_table_of_contents_numbers_and_names_each_chapter(content) -> None:
    toc = views.story_chapters(content)
    assert [r.number for r in toc] == list(range(1, len(content.story) + 1))
    assert [r.chapter_id for r in toc] == [c.id for c in content.story]
    assert toc[1].label == f"Chapter 2 of {len(toc)}: A wooden bridge, then the Friendship Bridge"
    assert toc[1].date == "9 August 1959" and toc[-1].date == UI.story_newest


def test_a_story_link_previews_its_chapter(content) -> None:
    state = open_chapter(DEFAULT, content.chapter("seen-from-space"), set(content.by_id))
    summary = views.share(content, state)
    assert summary.title == "Construction, seen from space"
    assert summary.description.startswith("Much of what is known about the works")
    assert len(summary.description) <= views.DESCRIPTION_LIMIT
    assert any("38north.org" in link.url for link in summary.sources)
    assert "Khasan–Tumangang road bridge highlighted" in summary.image_alt

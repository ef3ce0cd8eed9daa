"""Events and 校友大讲堂: dates, registration, calendars.

An event is a news article with an ``event:`` block; this plugin lists the
events by date and series and writes their iCalendar files.
"""

from pelican import signals

from .generator import get_generators


def register():
    signals.get_generators.connect(get_generators)

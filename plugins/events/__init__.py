"""Events and 校友大讲堂: dates, registration, calendars.

An event is a news article with an ``event:`` block; this plugin lists the
events by date and series and writes their iCalendar files.
"""


def register():
    # Imported here: pure modules of this package (model, settings) are used by
    # ``invoke check`` and pelicanconf.py without loading Pelican's generators.
    from pelican import signals

    from .generator import get_generators

    signals.get_generators.connect(get_generators)

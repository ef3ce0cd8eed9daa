"""Events and 校友大讲堂: dates, registration, calendars.

An event is a news article with an ``event:`` block; a registered section (``section.py``, listed in
plugins/site/sections.py) lists the events by date and series and writes their iCalendar files.
"""

"""The respondent-facing web questionnaire: public pages opened by a one-time code or an open link.

`texts` is the one text source, `forms` parses a submitted questionnaire, `services` stores it
exactly once, `throttle` rate-limits open links, `views` are the public pages and `comments` the
förbund's own page for the free-text comments.
"""

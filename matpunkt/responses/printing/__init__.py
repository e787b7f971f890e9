"""Printable questionnaires (PDF): blank forms and personalised copies with one-time codes."""

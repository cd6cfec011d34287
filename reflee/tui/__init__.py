"""The interactive TUI (Textual): one app for writing, reviewing, money, policies and notifications.

It calls the service layer only: each slow call runs in a thread worker with its own session
(``RefleeApp.session()``) and reports back to the UI thread. Imported only by `reflee tui` (and `reflee` alone
on a terminal): textual costs ~150 ms to import.
"""

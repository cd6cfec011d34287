"""The unattended runner: `reflee cron run` does what is due (feedback queue, reports, reminders) under a lock."""

"""Periodic jobs, in one place, run by RQ's own scheduler: `rq cron app.tasks.schedule` (see Procfile)."""

from rq import cron

from app.tasks.cases import clean_stale_uploads
from app.tasks.indicators import nightly_recompute
from app.tasks.reminders import daily_reminders
from app.tasks.reports import monthly_reports

# Snapshots are recomputed after every import too; the nightly run catches anything else (plan edits).
cron.register(nightly_recompute, queue_name="periodic", cron="30 1 * * *", name="nightly-indicator-recompute")
# Hand-in reminders (due soon, overdue) before the working day starts.
cron.register(daily_reminders, queue_name="periodic", cron="0 7 * * *", name="daily-hand-in-reminders")
# The month's bulletin as a draft for the office on the 1st, before the working day.
cron.register(monthly_reports, queue_name="periodic", cron="0 6 1 * *", name="monthly-bulletin-draft")
# Uploads left waiting for their column mapping for a week go, with their files.
cron.register(clean_stale_uploads, queue_name="periodic", cron="15 2 * * *", name="stale-upload-cleanup")

"""The shared register behind the measures: items handed in, reviewed, selected, drawn and published.

A measure's register is declared in the plan file (item kinds and their fields, lists, draws; see
app/plans/schema.py); this package holds the rules: the workflow (workflow.py), attachments
(attachments.py), what is owed and handed in (compliance.py), lists and the board (selections.py),
random draws (draws.py) and the summary workbook (summary.py); what is owed and when is app/obligations/.
"""

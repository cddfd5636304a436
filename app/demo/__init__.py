"""Demo data: accounts named by role and a realistic year of cases (never real people's names)."""

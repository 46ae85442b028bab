"""The coach's kit: a session plan, role-play cards and a rubric per module,
printed for the coach alone (``build/<edition>/coach/``); and the learners'
sources page."""

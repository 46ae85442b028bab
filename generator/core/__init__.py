"""The course core: load the ``content/`` files, check them, resolve the course.

``load`` reads YAML safely into values that keep their place in the file
(``yaml_compose``, ``yaml_values``, ``source``); ``curriculum`` knows the file layout;
``schema`` and ``toolkit_schema`` say what each file may hold, and ``validate``
checks a file against them; ``ids`` indexes every id and ``checks`` runs every
check across files, the course's own (``crossref``, ``links``) and each
feature's; ``model`` and ``resolve`` turn a checked curriculum into the course
that renderers receive. ``errors`` and ``messages`` word what goes wrong.

Features (quizzes, worksheets, the tracker, coach kits, editions) import the
core; the core names them only where it assembles the course: the file layout,
the resolved model, the JSON Schemas and the list of checks.
"""

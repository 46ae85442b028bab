"""Self-check quizzes: schema, checks, resolved model, page views and LMS exports.

One quiz per module, in ``content/quizzes/<module-id>.yml``. The site renderer
places each quiz at the end of its module page; ``export_gift`` and
``export_qti`` turn the same model into files for Moodle and Canvas;
``answer_key`` makes the coaches' answer key page and PDFs.
"""

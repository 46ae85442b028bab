"""The pipeline tracker: a page where learners keep their contacts in the browser.

The block that drives it sits in ``content/pipeline.yml`` under ``tracker:``
(events to record, timing rules, the worksheet table it can import). ``checks``
validates its references across files; ``render`` makes the page, its data and
its assets. The rules are evaluated by ``assets/tracker.js`` from that data:
the script holds no rule of its own.
"""

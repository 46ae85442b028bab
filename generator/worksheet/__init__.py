"""Worksheets: schema, resolved model, HTML templates, site pages and PDFs.

The schema lives in ``schema``, the resolved model in ``model`` (built by
``resolve``), the HTML in ``render`` (templates from the repository's
``worksheets/`` folder), the site pages in ``site``, the layout jobs in
``output`` and the PDFs in ``pdf`` (the pool every printed document of a build
goes through).
"""

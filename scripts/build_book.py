#!/usr/bin/env python3
"""``jupyter-book build``, faster: parallel Sphinx, memoised pybtex, only changed pages written.

    .venv/bin/python scripts/build_book.py [--jobs N] ARGS...

ARGS are ``jupyter-book build``'s own (``. -W -n --keep-going --all --config ...``): this runs
that command in-process, exactly as the CLI does (same configuration, same builder, same exit
code; ``-W`` still fails the build on any warning), with changes that only make it faster:

* **``--jobs N``** (default 1) is passed to Sphinx (jupyter-book 1.x's CLI has no ``-j``; its
  ``build_sphinx`` takes ``jobs``): N processes read the pages and write the HTML. Sphinx does
  this only when every extension declares itself parallel-safe, and says so with a warning
  (which fails a ``-W`` build) otherwise. Two extensions that jupyter-book loads do not declare
  it although they are safe, checked against their source (versions in requirements/lock.txt):
  ``sphinx_multitoc_numbering`` only replaces ``TocTreeCollector.assign_section_numbers``, which
  Sphinx runs in the main process on the merged environment, and logs a line at builder-inited;
  ``sphinx_jupyterbook_latex`` adds LaTeX-only transforms and config values and keeps no state in
  the environment. Only these two are marked safe here; any other undeclared extension still
  makes Sphinx warn and build serially. The HTML of a parallel build is the same as a serial one
  (compare them with ``--jobs 1`` and ``--jobs 2``).
* **pybtex's plugin look-up is memoised.** pybtex and sphinxcontrib-bibtex look up their style
  plugins through ``importlib.metadata.entry_points`` on every citation (each call reads the
  entry points of every installed distribution: ~200 calls, about a tenth of the whole Sphinx
  build). The installed entry points do not change during a build, so each (group, name) is
  looked up once; plugins registered at run time are still checked first, as before.
* **Every page is rewritten when what pages show of each other changed.** With its output
  folder kept (make.py keeps ``_build/.sphinx``), Sphinx writes only the pages whose source
  changed, and would leave other pages' sidebars, previous/next links and cross-reference
  texts stale after, say, a retitled section. Here a digest of the titles, tocs, section,
  figure and equation numbers, every domain's data (labels, terms, citations) and
  sphinx-exercise's registry is taken before and after reading; when it differs, every page is
  written again. A markdown edit that changes none of these writes one page (and ``intro``).
  Figures of earlier builds that no page uses any more are removed from ``_images``.
* **No interpreter teardown**: once the build has returned, the process exits at once
  (``os._exit`` after flushing), instead of spending seconds freeing the doctrees.

Measured on the stored-output build (``--all``, one process, shared 2-core machine): 9.8 s of
CPU instead of 12.6 s for ``jupyter-book build``, and the same HTML (``diff -r``), also with
``--jobs 2`` (which took 12.4 s of CPU and was not faster in wall time there).
"""

from __future__ import annotations

import functools
import os
import sys

# Extensions that do not declare parallel safety but are safe (see the docstring).
PARALLEL_SAFE_UNDECLARED = ("sphinx_multitoc_numbering", "sphinx_jupyterbook_latex")


def memoise_entry_points() -> None:
    import pybtex.plugin
    import sphinxcontrib.bibtex.plugin as bibtex_plugin

    @functools.cache
    def cached(group: str, name: str) -> tuple:
        from importlib.metadata import entry_points

        return tuple(entry_points(group=group, name=name))

    def entry_points(*, group: str, name: str) -> tuple:
        return cached(group, name)

    pybtex.plugin.entry_points = entry_points
    bibtex_plugin.entry_points = entry_points


def use_jobs(jobs: int) -> None:
    import jupyter_book.sphinx
    from sphinx.application import Sphinx

    build_sphinx = jupyter_book.sphinx.build_sphinx

    @functools.wraps(build_sphinx)
    def build_sphinx_with_jobs(*args, **kwargs):
        kwargs["jobs"] = jobs
        return build_sphinx(*args, **kwargs)

    # jupyter_book.cli.main imports build_sphinx from this module when the command runs.
    jupyter_book.sphinx.build_sphinx = build_sphinx_with_jobs

    if jobs > 1:
        build = Sphinx.build

        @functools.wraps(build)
        def build_marked(self, *args, **kwargs):
            # After every extension is set up (jupyter-book adds multitoc numbering after
            # Sphinx() returns), before Sphinx decides whether it may read in parallel.
            for name in PARALLEL_SAFE_UNDECLARED:
                extension = self.extensions.get(name)
                if extension is not None and extension.parallel_read_safe is None:
                    extension.parallel_read_safe = True
            return build(self, *args, **kwargs)

        Sphinx.build = build_marked


# ---- Rewriting only the pages that changed --------------------------------------------------
# When its output folder is kept, Sphinx writes only the pages whose source changed. But every
# page also shows something of the others: the sidebar and the previous/next links (titles and
# the toc), the text and number of a cross-reference, an equation or figure number, a citation's
# label, an exercise's title, a glossary term. Sphinx does not rewrite a page when one of those
# changes elsewhere, so here every page is rewritten when any of them changed: a digest of them
# is taken from the saved environment before reading and from the new one after.
SKIPPED_FIELDS = {"line", "lineno", "source"}  # where things are in a source file, not what


def _canonical(value, depth: int = 0):
    """A picklable, address-free form of ``value`` (docutils nodes as their pformat())."""
    from docutils import nodes

    if depth > 40:
        return repr(value)
    d = depth + 1
    if value is None or isinstance(value, (str, int, float, bool, bytes)):
        return value
    if isinstance(value, nodes.Node):
        return value.pformat()
    if isinstance(value, dict):
        return sorted(((repr(_canonical(k, d)), _canonical(v, d)) for k, v in value.items()),
                      key=lambda kv: kv[0])
    if isinstance(value, (set, frozenset)):
        return sorted(repr(_canonical(v, d)) for v in value)
    if isinstance(value, tuple) and hasattr(value, "_fields"):  # a namedtuple
        return [type(value).__name__] + [(f, _canonical(getattr(value, f), d))
                                         for f in value._fields if f not in SKIPPED_FIELDS]
    if isinstance(value, (list, tuple)):
        return [_canonical(v, d) for v in value]
    fields = getattr(value, "__dict__", None)
    if fields is None and hasattr(value, "__slots__"):
        fields = {k: getattr(value, k) for k in value.__slots__ if hasattr(value, k)}
    if fields is not None:
        return [type(value).__name__] + [(k, _canonical(v, d)) for k, v in sorted(fields.items())
                                         if k not in SKIPPED_FIELDS]
    return repr(value)


def shared_digest(env) -> str:
    """A digest of what one page shows of the others (see above)."""
    import hashlib

    domains = dict(env.domaindata)
    cite = domains.get("cite")
    if isinstance(cite, dict) and isinstance(cite.get("citation_refs"), list):
        # sphinxcontrib-bibtex appends a page's citations when it is read: the list's order is
        # the reading order (its citations and labels follow the toc, not this list).
        domains["cite"] = dict(cite, citation_refs=sorted(repr(_canonical(ref))
                                                          for ref in cite["citation_refs"]))
    shared = {
        "docs": sorted(env.found_docs),
        "titles": env.titles, "longtitles": env.longtitles, "tocs": env.tocs,
        "toctree_includes": env.toctree_includes, "numbered": env.numbered_toctrees,
        "glob": env.glob_toctrees, "secnumbers": env.toc_secnumbers,
        "fignumbers": env.toc_fignumbers, "domains": domains,
        # sphinx-exercise keeps its registry outside the domains
        "exercises": getattr(env, "sphinx_exercise_registry", None),
        "gated": getattr(env, "sphinx_exercise_gated_registry", None),
    }
    # repr, not pickle: pickle's bytes depend on which equal strings are the same object.
    return hashlib.sha256(repr(_canonical(shared)).encode()).hexdigest()


def rewrite_all_when_shared_changes() -> None:
    from sphinx.application import Sphinx
    from sphinx.util import logging

    logger = logging.getLogger("build_book")
    build = Sphinx.build

    @functools.wraps(build)
    def build_watching(self, *args, **kwargs):
        before: list[str] = []

        def remember(app, env, added, changed, removed):
            before.append(shared_digest(env))
            return []

        def compare(app, env):
            if before and shared_digest(env) == before[0]:
                return []
            logger.info("build_book: titles, the toc or cross-references changed: every page "
                        "is written again")
            return sorted(env.found_docs)

        def prune_images(app, exception):
            # A kept output folder also keeps the figures of earlier outputs: only the ones
            # the environment knows (every image node of every page) stay.
            if exception is not None or app.builder.format != "html":
                return
            from pathlib import Path

            keep = {name for _, name in app.env.images.values()}
            folder = Path(app.outdir) / app.builder.imagedir
            for path in folder.glob("*") if folder.is_dir() else []:
                if path.is_file() and path.name not in keep:
                    path.unlink()

        self.connect("env-get-outdated", remember, priority=100)
        self.connect("build-finished", prune_images)
        # After the toc collector has numbered the sections and figures (env-get-updated).
        self.connect("env-get-updated", compare, priority=900)
        return build(self, *args, **kwargs)

    Sphinx.build = build_watching


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    jobs = 1
    if args[:1] == ["--jobs"]:
        jobs = int(args[1])
        args = args[2:]
    memoise_entry_points()
    use_jobs(max(1, jobs))
    rewrite_all_when_shared_changes()
    from jupyter_book.cli.main import main as jupyter_book

    # Standalone, as the console script runs it: click exits with jupyter-book's exit code.
    try:
        jupyter_book(["build", *args], prog_name="jupyter-book")
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    else:
        code = 0
    # Leave without tearing down the interpreter: freeing the build's millions of docutils
    # nodes one by one takes seconds, and everything is written and closed by now.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    sys.exit(main())

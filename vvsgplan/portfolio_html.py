"""The portfolio report as one self-contained HTML file, drawn as the single-plan report
is (vvsgplan.html): inline CSS, tiles for the headline figures, tables that stack on a
phone, no script, nothing fetched."""

from vvsgplan.html import document, escape, section_html, tiles
from vvsgplan.portfolio_report import Portfolio
from vvsgplan.portfolio_views import LABELS, heading, headline, scope_line, sections


def page(found: Portfolio, lang: str, title: str | None) -> str:
    t = LABELS[lang]
    parts = []
    scope = scope_line(found, lang)
    if scope:
        parts.append(f'<p class="note">{escape(scope)}</p>')
    figures = tiles(headline(found, lang))
    parts += [section_html(section, t, figures) for section in sections(found, lang)]
    return document(lang, heading(found, lang, title), parts)

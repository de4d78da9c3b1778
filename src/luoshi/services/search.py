"""Search indicators, goals and tasks by name and alias (Chinese or not): GDP finds 地区生产总值."""

from __future__ import annotations

import unicodedata

from pydantic import BaseModel

from luoshi.services.context import Context
from luoshi.services.plans import read_plan

MAX_HITS = 50


class SearchHit(BaseModel):
    kind: str  # indicator, goal, task
    kind_label: str
    plan_code: str
    code: str
    name: str
    matched: str  # the name or alias that matched
    url: str


class SearchResults(BaseModel):
    query: str
    hits: list[SearchHit]
    truncated: bool = False


def normalise(text: str) -> str:
    """Fold full-width forms and case, drop spaces: ＧＤＰ and gdp and G D P all become gdp."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def search(ctx: Context, query: str) -> SearchResults:
    q = normalise(query)
    if not q:
        return SearchResults(query=query, hits=[])
    hits: list[SearchHit] = []
    with ctx.reading() as snapshot:
        for plan in snapshot.plans.plans():
            bundle = read_plan(ctx, plan.code, scenarios=[])
            for ind in bundle.indicators:
                for text in (ind.name, *ind.aliases, ind.code):
                    if q in normalise(text):
                        hits.append(
                            SearchHit(
                                kind="indicator",
                                kind_label="指标",
                                plan_code=plan.code,
                                code=ind.code,
                                name=ind.name,
                                matched=text,
                                url=f"/indicators/{plan.code}/{ind.code}",
                            )
                        )
                        break
            for goal in bundle.goals:
                if q in normalise(goal.name) or q == normalise(goal.code):
                    hits.append(
                        SearchHit(
                            kind="goal",
                            kind_label="目标",
                            plan_code=plan.code,
                            code=goal.code,
                            name=goal.name,
                            matched=goal.name,
                            url=f"/plans/{plan.code}#goal-{goal.code}",
                        )
                    )
            for task in bundle.tasks:
                if q in normalise(task.name):
                    hits.append(
                        SearchHit(
                            kind="task",
                            kind_label="任务",
                            plan_code=plan.code,
                            code=task.code,
                            name=task.name,
                            matched=task.name,
                            url=f"/plans/{plan.code}#goal-{task.goal_code}",
                        )
                    )
    # exact and prefix matches first, then shorter names
    hits.sort(key=lambda h: (normalise(h.matched) != q, not normalise(h.matched).startswith(q), len(h.name)))
    return SearchResults(query=query, hits=hits[:MAX_HITS], truncated=len(hits) > MAX_HITS)

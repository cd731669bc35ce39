"""Dependency graphs between questions: cycles (refused at upload) and evaluation order."""

from __future__ import annotations

from collections.abc import Mapping


def find_cycle(deps: Mapping[str, set[str]]) -> list[str] | None:
    """One cycle in ``deps`` (node -> nodes it reads) as a list of nodes, or None."""
    white, grey, black = 0, 1, 2
    colour: dict[str, int] = {}
    for start in sorted(deps):
        if colour.get(start, white) != white:
            continue
        stack: list[tuple[str, list[str]]] = [(start, sorted(deps.get(start, ())))]
        path = [start]
        colour[start] = grey
        while stack:
            node, todo = stack[-1]
            if not todo:
                colour[node] = black
                stack.pop()
                path.pop()
                continue
            nxt = todo.pop(0)
            state = colour.get(nxt, white)
            if state == grey:
                return path[path.index(nxt) :]
            if state == white:
                colour[nxt] = grey
                path.append(nxt)
                stack.append((nxt, sorted(deps.get(nxt, ()))))
    return None


def topological(order: list[str], deps: Mapping[str, set[str]]) -> list[str]:
    """``order`` rearranged so that each node comes after what it reads (graph is acyclic);
    nodes keep their document order where the graph allows."""
    placed: set[str] = set()
    out: list[str] = []

    def place(node: str) -> None:
        if node in placed:
            return
        placed.add(node)
        for d in sorted(deps.get(node, ())):
            if d in deps or d in order:
                place(d)
        if node in order_set:
            out.append(node)

    order_set = set(order)
    for node in order:
        place(node)
    return out

"""Count the import cycles among the project's own modules (imports inside functions included).

    .venv/bin/python tools/import_cycles.py [ROOT]

Reads the source with grimp (import-linter's graph library) without importing it. Prints each
group of modules that import one another round in a circle (a strongly connected component of
the import graph), and how many modules are in one. `make lint` keeps the answer at 0 through
the contracts in .importlinter; docs/architecture.md#layers-and-import-contracts says why.
"""

import sys
from pathlib import Path

import grimp

PACKAGES = ("home", "events", "chapters", "members", "search", "portal")


def cycles(nodes, imported_by):
    """The strongly connected components of more than one node (Tarjan's algorithm):
    `imported_by(node)` is the set of nodes `node` imports."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []

    def visit(start):
        # Iterative, so a long chain of imports cannot exhaust Python's recursion limit.
        work = [(start, iter(sorted(imported_by(start))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            module, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(imported_by(child)))))
                elif child in on_stack:
                    low[module] = min(low[module], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[module])
            if low[module] == index[module]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == module:
                        break
                if len(component) > 1:
                    found.append(sorted(component))

    for module in sorted(nodes):
        if module not in index:
            visit(module)
    return found


def app_of(module):
    return module.split(".")[0]


def events_package_of(module):
    """events.reads.hosts -> events.reads; None outside events."""
    parts = module.split(".")
    if parts[0] != "events":
        return None
    return ".".join(parts[:2]) if len(parts) > 2 else module


def grouped_cycles(graph, group):
    """Cycles among the groups `group` puts modules in (modules it gives None are left out)."""
    edges = {}
    for module in graph.modules:
        source = group(module)
        if source is None:
            continue
        edges.setdefault(source, set())
        for imported in graph.find_modules_directly_imported_by(module):
            target = group(imported)
            if target is not None and target != source:
                edges[source].add(target)
    return cycles(edges, lambda node: edges.get(node, set()))


def main(root="."):
    sys.path.insert(0, str(Path(root).resolve()))
    packages = [p for p in PACKAGES if (Path(root) / p / "__init__.py").exists()]
    graph = grimp.build_graph(*packages, cache_dir=None)
    found = cycles(graph.modules, graph.find_modules_directly_imported_by)
    for component in found:
        print(f"cycle of {len(component)} modules: {', '.join(component)}")
    print(f"{len(found)} import cycles among modules, {sum(map(len, found))} modules in one")
    total = len(found)
    # The same question one level up: apps that import each other, and events' role packages.
    # Only the first two count: between events' packages, Wagtail's form and panels named by
    # the models (the two imports the contract ignores) close a circle that no module does.
    for level, group, counts in (
        ("apps", app_of, True),
        ("packages of events", events_package_of, False),
    ):
        found = grouped_cycles(graph, group)
        for component in found:
            print(f"cycle among {level}: {', '.join(component)}")
        print(f"{len(found)} import cycles among {level}")
        total += len(found) if counts else 0
    return total


if __name__ == "__main__":
    sys.exit(1 if main(*sys.argv[1:]) else 0)

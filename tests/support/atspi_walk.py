"""Walks the AT-SPI tree of one application, as Orca sees it; run by the system python3
(Debian's python3-pyatspi), prints JSON. Usage: atspi_walk.py APP_NAME_PART [TEXT_TO_FIND]."""

import json
import sys

import pyatspi

CONTROL_ROLES = {"push button", "toggle button", "check box", "radio button", "link", "menu item", "entry"}


def walk(node, depth=0, out=None):
    out = [] if out is None else out
    if node is None or depth > 60 or len(out) > 5000:
        return out
    try:
        states = node.getState()
        role = node.getRoleName()
        actions = []
        try:
            action = node.queryAction()
            actions = [action.getName(i) for i in range(action.nActions)]
        except NotImplementedError:
            pass
        extents = None
        try:
            box = node.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
            extents = [box.x, box.y, box.width, box.height]
        except NotImplementedError:
            pass
        out.append(
            {
                "role": role,
                "name": node.name or "",
                "description": node.description or "",
                "actions": actions,
                "showing": states.contains(pyatspi.STATE_SHOWING),
                "visible": states.contains(pyatspi.STATE_VISIBLE),
                "focusable": states.contains(pyatspi.STATE_FOCUSABLE),
                "checked": states.contains(pyatspi.STATE_CHECKED),
                "checkable": states.contains(pyatspi.STATE_CHECKABLE),
                "extents": extents,
                "depth": depth,
            }
        )
        for index in range(node.childCount):
            walk(node.getChildAtIndex(index), depth + 1, out)
    except Exception as exc:  # a node that went away while walked
        out.append({"role": "error", "name": str(exc), "depth": depth})
    return out


def main() -> None:
    wanted = sys.argv[1].lower()
    desktop = pyatspi.Registry.getDesktop(0)
    apps = [desktop.getChildAtIndex(i) for i in range(desktop.childCount)]
    names = [app.name for app in apps if app is not None]
    for app in apps:
        if app is not None and wanted in (app.name or "").lower():
            print(json.dumps({"apps": names, "nodes": walk(app)}))
            return
    print(json.dumps({"apps": names, "nodes": []}))


if __name__ == "__main__":
    main()

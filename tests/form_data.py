"""Admin form data for blocks Wagtail's test utilities have no helper for."""


def list_block(items):
    data = {"count": len(items)}
    for i, value in enumerate(items):
        data[str(i)] = {"value": value, "deleted": "", "order": i}
    return data

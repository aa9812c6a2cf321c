"""``{% fragment "slot" %}…{% endfragment %}``: a part of a page kept rendered, and
``{% viewer "name" %}…{% endviewer %}``: a part that differs from viewer to viewer.

The view puts a ``PageFragments`` in the context as ``fragments`` (core/fragments.py)
for a public page; ``{% fragment %}`` then serves the stored part, or renders its
content and stores it. Without ``fragments`` (previews, drafts, the desk,
``FRAGMENTS_ENABLED`` off) both tags simply render their content, so a template reads
the same either way. While a page's shell is rendered (core/pageshell.py) both write
a marker instead, filled when the page is served: a part from the store, a viewer
part by its function.
"""

from django import template

from ..fragments import PageFragments

register = template.Library()


def _fragments(context) -> PageFragments | None:
    fragments = context.get("fragments")
    return fragments if isinstance(fragments, PageFragments) else None


class FragmentNode(template.Node):
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist, slot):
        self.nodelist = nodelist
        self.slot = slot

    def render(self, context):
        slot = self.slot.resolve(context)
        fragments = _fragments(context)
        if fragments is None or slot not in fragments:
            return self.nodelist.render(context)
        render = lambda: self._render(context, fragments)  # noqa: E731
        if fragments.recorder is not None:
            fragments.get(slot, render)
            return fragments.recorder.marker("slot", slot)
        return fragments.get(slot, render)

    def _render(self, context, fragments) -> str:
        """The part as stored: parts a ``finish`` completes at read time are told
        so (``fragment_defers``: live boxes stay placeholders). A viewer part
        inside it would be stored for every viewer: it is refused."""
        with context.push(fragment_defers=fragments.finish is not None, in_fragment=1):
            return self.nodelist.render(context)


class ViewerNode(template.Node):
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        if context.get("in_fragment"):
            raise template.TemplateSyntaxError(
                f"{{% viewer {self.name!r} %}} inside a stored {{% fragment %}}"
            )
        fragments = _fragments(context)
        if fragments is not None and fragments.recorder is not None:
            return fragments.recorder.marker("viewer", self.name)
        return self.nodelist.render(context)


def _parse(parser, token, end: str):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError(f'Usage: {{% {bits[0]} "name" %}}')
    nodelist = parser.parse((end,))
    parser.delete_first_token()
    return nodelist, bits[1]


@register.tag
def fragment(parser, token):
    """``{% fragment "slot" %}`` … ``{% endfragment %}``."""
    nodelist, slot = _parse(parser, token, "endfragment")
    return FragmentNode(nodelist, parser.compile_filter(slot))


@register.tag
def viewer(parser, token):
    """``{% viewer "name" %}`` … ``{% endviewer %}``: outside every stored part; in a
    stored shell, filled per request by ``pageshell.VIEWER_PARTS[name]`` or the
    page's own function of that name."""
    nodelist, name = _parse(parser, token, "endviewer")
    if not (name[0] == name[-1] and name[0] in "'\""):
        raise template.TemplateSyntaxError("{% viewer %} takes a quoted name")
    return ViewerNode(nodelist, name[1:-1])

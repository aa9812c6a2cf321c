"""``{% fragment "slot" %}…{% endfragment %}``: a part of a page kept rendered.

The view puts a ``PageFragments`` in the context as ``fragments`` (core/fragments.py)
for a public page; the tag then serves the stored part, or renders its content and
stores it. Without ``fragments`` (previews, drafts, the desk, ``FRAGMENTS_ENABLED``
off) the content is simply rendered, so a template reads the same either way.
"""

from django import template

from ..fragments import PageFragments

register = template.Library()


class FragmentNode(template.Node):
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist, slot):
        self.nodelist = nodelist
        self.slot = slot

    def render(self, context):
        slot = self.slot.resolve(context)
        fragments = context.get("fragments")
        if not isinstance(fragments, PageFragments) or slot not in fragments:
            return self.nodelist.render(context)
        return fragments.get(slot, lambda: self._render(context, fragments))

    def _render(self, context, fragments) -> str:
        """The part as stored: parts a ``finish`` completes at read time are told
        so (``fragment_defers``: live boxes stay placeholders)."""
        with context.push(fragment_defers=fragments.finish is not None):
            return self.nodelist.render(context)


@register.tag
def fragment(parser, token):
    """``{% fragment "slot" %}`` … ``{% endfragment %}``."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError('Usage: {% fragment "slot" %}')
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, parser.compile_filter(bits[1]))

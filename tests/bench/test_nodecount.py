from django.template import Context, Template

from bench.nodecount import counting_nodes


def test_every_node_render_is_counted_once_per_pass():
    template = Template("{% for x in xs %}{{ x }},{% endfor %}!")
    with counting_nodes() as nodes:
        output = template.render(Context({"xs": [1, 2, 3]}))
    assert output == "1,2,3,!"
    # The loop once; its variable and its comma on each of three passes; the "!".
    assert nodes == {"ForNode": 1, "VariableNode": 3, "TextNode": 3 + 1}


def test_counting_stops_when_the_block_ends():
    template = Template("{% if on %}{{ a }}{% endif %}")
    with counting_nodes() as nodes:
        template.render(Context({"on": True, "a": "x"}))
    template.render(Context({"on": True, "a": "x"}))
    assert sum(nodes.values()) == 2

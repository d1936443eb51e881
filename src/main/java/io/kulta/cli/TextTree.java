package io.kulta.cli;

import java.util.ArrayList;
import java.util.List;

/** A labelled tree printed with branches, like {@code tree} or Argo's {@code get rollout}. */
final class TextTree {
    private final String label;
    private final List<TextTree> children = new ArrayList<>();

    TextTree(String label) {
        this.label = label;
    }

    TextTree add(String childLabel) {
        TextTree child = new TextTree(childLabel);
        children.add(child);
        return child;
    }

    String render(Style style) {
        StringBuilder out = new StringBuilder(label).append('\n');
        renderChildren(style, "", out);
        return out.toString();
    }

    private void renderChildren(Style style, String prefix, StringBuilder out) {
        for (int i = 0; i < children.size(); i++) {
            boolean last = i == children.size() - 1;
            TextTree child = children.get(i);
            out.append(prefix).append(style.branch(last)).append(child.label).append('\n');
            child.renderChildren(style, prefix + style.indent(last), out);
        }
    }
}

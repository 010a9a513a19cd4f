package io.mcpmonitor.core.report;

/**
 * Makes text from outside (server and tool names, error messages, descriptions) literal in Markdown,
 * inside a paragraph, a list item or a GFM table cell:
 * <ul>
 *   <li>line breaks, tabs and other control characters become one space, so a name cannot end a table
 *       row, start a heading or a list;</li>
 *   <li>{@code \ ` * _ { } [ ] < > # | ~ ! &} get a backslash (CommonMark allows it before any ASCII
 *       punctuation), so nothing becomes code, emphasis, a link, an image, raw HTML, an entity or a new
 *       table cell; {@code \|} is also how GFM writes a pipe inside a cell.</li>
 * </ul>
 * Stateless.
 */
final class MarkdownText {

    private static final String SPECIAL = "\\`*_{}[]<>#|~!&";

    private MarkdownText() {
    }

    public static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 16);
        boolean lastWasSpace = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                if (!lastWasSpace) {
                    sb.append(' ');
                }
                lastWasSpace = true;
                continue;
            }
            lastWasSpace = false;
            if (SPECIAL.indexOf(c) >= 0) {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }
}

package io.mcpmonitor.core.report;

/**
 * Makes text from outside literal in HTML, in element content and in quoted attribute values alike:
 * {@code & < > " '} become character references, and control characters other than tab, line feed
 * and carriage return (which HTML does not allow) become U+FFFD. Stateless.
 */
final class HtmlText {

    private HtmlText() {
    }

    public static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> {
                    if (c != '\t' && c != '\n' && c != '\r' && (c < 0x20 || (c >= 0x7f && c < 0xa0))) {
                        sb.append('\uFFFD');
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}

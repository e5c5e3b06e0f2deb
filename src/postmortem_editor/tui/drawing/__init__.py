"""Drawing helpers of the widgets: Markdown to lines, caches kept per timeline entry."""

# src/ui: the curses interface.
noinst_LIBRARIES += src/ui/libui.a
src_ui_libui_a_SOURCES = \
	src/ui/ui.c src/ui/ui.h

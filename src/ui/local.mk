# src/ui: the full-screen interface (ncursesw; readline only in input.c).
noinst_LIBRARIES += src/ui/libui.a
src_ui_libui_a_SOURCES = \
	src/ui/ui.c src/ui/ui.h src/ui/ui_priv.h \
	src/ui/bind.c \
	src/ui/bottom.c src/ui/bottom_priv.h \
	src/ui/bottom_con.c \
	src/ui/bottom_log.c \
	src/ui/bottom_model.c \
	src/ui/bottom_xfer.c \
	src/ui/certdlg.c \
	src/ui/child.c \
	src/ui/command.c \
	src/ui/compare.c \
	src/ui/focus.c \
	src/ui/follow.c \
	src/ui/columns.c \
	src/ui/dialog.c \
	src/ui/draw.c \
	src/ui/field.c \
	src/ui/files.c src/ui/files_priv.h \
	src/ui/files_act.c \
	src/ui/files_keys.c \
	src/ui/files_draw.c \
	src/ui/input.c \
	src/ui/input_local.c \
	src/ui/keys.c \
	src/ui/keymap.c src/ui/keymap.h \
	src/ui/keytable.c \
	src/ui/key.c \
	src/ui/keyname.c \
	src/ui/chmod_dlg.c \
	src/ui/message.c \
	src/ui/mouse.c \
	src/ui/picker.c \
	src/ui/qsaved.c \
	src/ui/screen.c \
	src/ui/terminal.c \
	src/ui/theme.c \
	src/ui/view.c src/ui/view_priv.h \
	src/ui/view_draw.c \
	src/ui/view_find.c \
	src/ui/view_text.c \
	src/ui/viewfile.c

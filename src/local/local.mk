# src/local: safe local files, directory scanning.
noinst_LIBRARIES += src/local/liblocal.a
src_local_liblocal_a_SOURCES = \
	src/local/ldir.c src/local/ldir.h \
	src/local/lfile.c src/local/lfile.h src/local/lfile_priv.h \
	src/local/lfile_part.c src/local/lname.c \
	src/local/lpart.c \
	src/local/lpath.c src/local/lpath.h

# src/xfer: the transfer queue (see src/xfer/queue.h). The sources go
# bottom -> top, a line per layer of files that do not call each other
# (a file calls only the lines above its own; xq_priv.h says more).
noinst_LIBRARIES += src/xfer/libxfer.a
src_xfer_libxfer_a_SOURCES = \
	src/xfer/queue.h src/xfer/xq_priv.h src/xfer/walk_priv.h \
	src/xfer/journal.h src/xfer/segment.h src/xfer/mirror.h \
	src/xfer/dnode.c src/xfer/group.c src/xfer/job_type.c \
	src/xfer/journal.c src/xfer/order.c src/xfer/segment.c \
	src/xfer/mirror.c \
	src/xfer/job_list.c src/xfer/job_local.c src/xfer/walk_stack.c \
	src/xfer/conn.c src/xfer/job_state.c \
	src/xfer/qjournal.c src/xfer/qjside.c src/xfer/walk_link.c \
	src/xfer/queue.c \
	src/xfer/job_conn.c src/xfer/queue_order.c \
	src/xfer/check.c src/xfer/job_put.c src/xfer/walk.c \
	src/xfer/job_get.c src/xfer/walk_get.c src/xfer/walk_put.c \
	src/xfer/job.c src/xfer/queue_add.c \
	src/xfer/pool.c src/xfer/queue_ctl.c \
	src/xfer/qjresume.c src/xfer/queue_new.c

# src/xfer: the transfer queue (see src/xfer/queue.h).
noinst_LIBRARIES += src/xfer/libxfer.a
src_xfer_libxfer_a_SOURCES = \
	src/xfer/queue.h src/xfer/xq_priv.h \
	src/xfer/journal.h src/xfer/journal.c src/xfer/qjournal.c \
	src/xfer/qjresume.c src/xfer/conn.c src/xfer/queue_new.c \
	src/xfer/qjside.c \
	src/xfer/job_conn.c src/xfer/job_get.c src/xfer/queue_order.c \
	src/xfer/segment.h src/xfer/segment.c \
	src/xfer/dnode.c src/xfer/job.c src/xfer/job_local.c \
	src/xfer/job_list.c src/xfer/job_type.c src/xfer/order.c \
	src/xfer/walk_stack.c src/xfer/job_put.c src/xfer/job_state.c \
	src/xfer/pool.c \
	src/xfer/queue.c src/xfer/queue_add.c src/xfer/queue_ctl.c \
	src/xfer/walk.c src/xfer/walk_priv.h src/xfer/walk_get.c \
	src/xfer/walk_put.c src/xfer/walk_link.c \
	src/xfer/mirror.c src/xfer/mirror.h \
	src/xfer/check.c src/xfer/group.c

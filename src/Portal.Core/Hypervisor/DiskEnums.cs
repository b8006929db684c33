namespace Portal.Core.Hypervisor;

/// <summary>Disk buses a disk can be hot-plugged on; the target name prefix follows the bus (vd*, sd*).</summary>
public enum DiskBus { Virtio, Scsi, Sata }

public enum DiskFormat { Raw, Qcow2 }

/// <summary>QEMU's cache modes as libvirt names them; <see cref="Default"/> leaves the attribute out.</summary>
public enum DiskCache { Default, None, Writethrough, Writeback, Directsync, Unsafe }

/// <summary>QEMU's io modes; <see cref="Native"/> (Linux AIO) needs O_DIRECT, i.e. cache none or directsync.</summary>
public enum DiskIo { Default, Threads, Native, IoUring }

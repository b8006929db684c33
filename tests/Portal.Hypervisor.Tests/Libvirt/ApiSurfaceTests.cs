using System.Reflection;
using System.Runtime.InteropServices;
using Portal.Libvirt;

namespace Portal.Hypervisor.Tests.Libvirt;

/// <summary>Native pointers and handles stay inside the interop layer.</summary>
public sealed class ApiSurfaceTests
{
    private static readonly Assembly Libvirt = typeof(LibvirtConnection).Assembly;

    [Fact]
    public void The_interop_namespace_has_no_public_types() =>
        Assert.DoesNotContain(Libvirt.GetExportedTypes(), t => t.Namespace?.EndsWith(".Interop", StringComparison.Ordinal) == true);

    [Fact]
    public void No_public_member_exposes_a_pointer_or_handle()
    {
        const BindingFlags visible = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var offenders =
            from type in Libvirt.GetExportedTypes()
            from member in type.GetMembers(visible)
            from exposed in ExposedTypes(member)
            where IsNative(exposed)
            select $"{type.Name}.{member.Name}: {exposed.Name}";

        Assert.Empty(offenders);
    }

    private static IEnumerable<Type> ExposedTypes(MemberInfo member) => member switch
    {
        MethodInfo m => [m.ReturnType, .. m.GetParameters().Select(p => p.ParameterType)],
        PropertyInfo p => [p.PropertyType],
        FieldInfo f => [f.FieldType],
        ConstructorInfo c => c.GetParameters().Select(p => p.ParameterType),
        EventInfo e => [e.EventHandlerType!],
        _ => [],
    };

    private static bool IsNative(Type type)
    {
        var t = type.IsByRef || type.IsArray ? type.GetElementType()! : type;
        return t.IsPointer || t == typeof(IntPtr) || t == typeof(UIntPtr) || typeof(SafeHandle).IsAssignableFrom(t);
    }
}

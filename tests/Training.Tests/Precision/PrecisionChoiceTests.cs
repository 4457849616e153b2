using MnistBlazor.Shared.Models;
using MnistBlazor.Training.Precision;

namespace MnistBlazor.Training.Tests.Precision;

public sealed class PrecisionChoiceTests
{
    private static readonly CpuFeatures Zen4 = CpuFeatures.FromCpuInfo(
        "processor\t: 0\nvendor_id\t: AuthenticAMD\nflags\t\t: fpu sse2 avx2 avx512f avx512_bf16 avx512_vnni\nbugs\t\t: sysret_ss_attrs\n");
    private static readonly CpuFeatures SapphireRapids = CpuFeatures.FromCpuInfo("flags\t\t: avx512f amx_bf16 amx_tile amx_int8\n");
    private static readonly CpuFeatures Skylake = CpuFeatures.FromCpuInfo("flags\t\t: avx2 avx512f avx512bw avx512_vnni\n");

    [Fact]
    public void Cpuinfo_flags_are_read_from_the_flags_line_only()
    {
        Assert.True(Zen4.Has("avx512_bf16"));
        Assert.True(Zen4.Has("avx512f"));
        Assert.False(Zen4.Has("sysret_ss_attrs"));
        Assert.False(Zen4.Has("AuthenticAMD"));
        Assert.Equal("avx512_bf16", Zen4.Bf16Units);
        Assert.Equal("amx_bf16", SapphireRapids.Bf16Units);
        Assert.Equal("none", Skylake.Bf16Units);
        Assert.False(CpuFeatures.FromCpuInfo("").SupportsBf16);
    }

    [Fact]
    public void Auto_is_bf16_only_on_a_cpu_with_avx512_bf16_or_amx_bf16()
    {
        Assert.Equal(TrainingPrecision.Bf16, PrecisionChoice.Resolve("auto", Zen4));
        Assert.Equal(TrainingPrecision.Bf16, PrecisionChoice.Resolve("auto", SapphireRapids));
        Assert.Equal(TrainingPrecision.Fp32, PrecisionChoice.Resolve("auto", Skylake));
    }

    [Fact]
    public void A_policy_resolves_auto_by_the_cpu()
    {
        Assert.Equal(TrainingPrecision.Bf16, new PrecisionPolicy(PrecisionChoice.Auto, Zen4).Resolved);
        Assert.Equal(TrainingPrecision.Fp32, new PrecisionPolicy(PrecisionChoice.Auto, Skylake).Resolved);
        Assert.Equal(TrainingPrecision.Fp32, PrecisionPolicy.AlwaysFp32.Resolved);
    }

    [Fact]
    public void A_policy_this_cpu_cannot_honour_fails_when_validated_before_training()
    {
        var error = Assert.Throws<UsageException>(() => new PrecisionPolicy(PrecisionChoice.Bf16, Skylake).Validated());

        Assert.Contains("--precision bf16", error.Message);
    }

    [Fact]
    public void Fp32_and_bf16_are_taken_as_asked_where_the_cpu_allows_them()
    {
        Assert.Equal(TrainingPrecision.Fp32, PrecisionChoice.Resolve("fp32", Zen4));
        Assert.Equal(TrainingPrecision.Fp32, PrecisionChoice.Resolve("fp32", Skylake));
        Assert.Equal(TrainingPrecision.Bf16, PrecisionChoice.Resolve("bf16", Zen4));
    }

    [Fact]
    public void Bf16_on_a_cpu_without_bf16_units_is_a_usage_error_naming_the_flags()
    {
        var error = Assert.Throws<UsageException>(() => PrecisionChoice.Resolve("bf16", Skylake));

        Assert.Contains("--precision bf16", error.Message);
        Assert.Contains("avx512_bf16", error.Message);
        Assert.Contains("amx_bf16", error.Message);
    }

    [Fact]
    public void An_unknown_choice_is_a_usage_error_listing_the_choices()
    {
        var error = Assert.Throws<UsageException>(() => PrecisionChoice.Resolve("fp16", Zen4));

        Assert.Contains("fp32, bf16, auto", error.Message);
        Assert.Contains("'fp16'", error.Message);
    }
}

using System.ComponentModel.DataAnnotations;

namespace MnistBlazor.Server.Configuration;

/// <summary>
/// The range of a time setting, its limits written as in configuration ("00:00:01", "1.00:00:00") and read, like the
/// value, in the invariant culture whatever the machine's.
/// </summary>
public sealed class TimeRangeAttribute : RangeAttribute
{
    public TimeRangeAttribute(string minimum, string maximum)
        : base(typeof(TimeSpan), minimum, maximum)
    {
        ParseLimitsInInvariantCulture = true;
        ConvertValueInInvariantCulture = true;
    }
}

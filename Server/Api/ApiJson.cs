using System.Numerics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MnistBlazor.Server.Api;

/// <summary>
/// The API's JSON settings. Records on disk may hold NaN or Infinity (they are read with named
/// floating-point literals allowed); JSON has no such numbers, so the API writes them as null
/// instead of failing the whole response (the API's OpenAPI document says so: <see cref="ApiDescription"/>).
/// </summary>
public static class ApiJson
{
    public static IServiceCollection AddApiJson(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(options => Configure(options.SerializerOptions));

    public static void Configure(JsonSerializerOptions options)
    {
        // Numbers are written as numbers; the bodies the API reads are parsed by its own readers, not bound from JSON.
        options.NumberHandling = JsonNumberHandling.Strict;
        options.Converters.Add(new NonFiniteAsNull<double>());
        options.Converters.Add(new NonFiniteAsNull<float>());
    }

    /// <summary>double or float: NaN and ±Infinity are written as null (and null reads back as NaN).</summary>
    private sealed class NonFiniteAsNull<T> : JsonConverter<T>
        where T : struct, IFloatingPointIeee754<T>
    {
        public override bool HandleNull => true;

        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? T.NaN
            : typeof(T) == typeof(double) ? T.CreateChecked(reader.GetDouble())
            : T.CreateChecked(reader.GetSingle());

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
        {
            if (!T.IsFinite(value))
            {
                writer.WriteNullValue();
            }
            else if (value is float single)
            {
                writer.WriteNumberValue(single); // float's own shortest form, not widened to double's digits
            }
            else
            {
                writer.WriteNumberValue(double.CreateChecked(value));
            }
        }
    }
}

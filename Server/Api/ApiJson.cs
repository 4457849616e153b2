using System.Text.Json;
using System.Text.Json.Serialization;

namespace MnistBlazor.Server.Api;

/// <summary>
/// The API's JSON settings. Records on disk may hold NaN or Infinity (they are read with named
/// floating-point literals allowed); JSON has no such numbers, so the API writes them as null
/// instead of failing the whole response.
/// </summary>
public static class ApiJson
{
    public static IServiceCollection AddApiJson(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(options => Configure(options.SerializerOptions));

    public static void Configure(JsonSerializerOptions options)
    {
        options.Converters.Add(new NonFiniteDoubleAsNull());
        options.Converters.Add(new NonFiniteSingleAsNull());
    }

    /// <summary>double: NaN and ±Infinity are written as null (and null reads back as NaN).</summary>
    private sealed class NonFiniteDoubleAsNull : JsonConverter<double>
    {
        public override bool HandleNull => true;

        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
        {
            if (double.IsFinite(value))
            {
                writer.WriteNumberValue(value);
            }
            else
            {
                writer.WriteNullValue();
            }
        }
    }

    /// <summary>float: NaN and ±Infinity are written as null (and null reads back as NaN).</summary>
    private sealed class NonFiniteSingleAsNull : JsonConverter<float>
    {
        public override bool HandleNull => true;

        public override float Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? float.NaN : reader.GetSingle();

        public override void Write(Utf8JsonWriter writer, float value, JsonSerializerOptions options)
        {
            if (float.IsFinite(value))
            {
                writer.WriteNumberValue(value);
            }
            else
            {
                writer.WriteNullValue();
            }
        }
    }
}

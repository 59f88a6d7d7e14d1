using System.Reflection;
using Azure.Messaging.ServiceBus;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

namespace Hub.Functions.Tests;

/// <summary>
/// The stand-in must be a drop-in for Microsoft.Azure.Functions.Worker.Extensions.ServiceBus's attribute: function
/// code compiles against either (docs/functions.md), and the SDK derives the binding from its shape.
/// </summary>
public sealed class the_service_bus_trigger_stand_in_matches_the_official_attribute
{
    private static readonly Type Attribute = typeof(ServiceBusTriggerAttribute);

    [Fact]
    public void it_has_the_official_name_and_namespace_so_the_binding_type_is_serviceBusTrigger()
    {
        Assert.Equal("Microsoft.Azure.Functions.Worker.ServiceBusTriggerAttribute", Attribute.FullName);
        Assert.True(Attribute.IsSubclassOf(typeof(TriggerBindingAttribute)));
        Assert.True(typeof(ISupportCardinality).IsAssignableFrom(Attribute));
    }

    [Fact]
    public void it_has_the_official_constructors_and_properties()
    {
        var constructors = Attribute.GetConstructors().Select(c => string.Join(",", c.GetParameters().Select(p => p.Name))).Order();
        Assert.Equal(["queueName", "topicName,subscriptionName"], constructors);

        var properties = Attribute.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .ToDictionary(p => p.Name, p => (p.PropertyType, p.CanWrite));
        Assert.Equal((typeof(string), false), properties["QueueName"]);
        Assert.Equal((typeof(string), false), properties["TopicName"]);
        Assert.Equal((typeof(string), false), properties["SubscriptionName"]);
        Assert.Equal((typeof(string), true), properties["Connection"]);
        Assert.Equal((typeof(bool), true), properties["IsSessionsEnabled"]);
        Assert.Equal((typeof(bool), true), properties["IsBatched"]);
        Assert.Equal((typeof(bool), true), properties["AutoCompleteMessages"]);
    }

    [Theory]
    [InlineData("IsBatched", false)]
    [InlineData("AutoCompleteMessages", true)]
    public void defaulted_properties_declare_their_default_for_the_metadata_generators(string property, bool expected)
    {
        // The metadata source generator dereferences IsBatched's [DefaultValue] unchecked (CS8785 without it).
        var declared = Attribute.GetProperty(property)!.GetCustomAttribute<DefaultValueAttribute>();

        Assert.NotNull(declared);
        Assert.Equal(expected, declared.DefaultBoolValue);
        Assert.Equal(expected, Attribute.GetProperty(property)!.GetValue(new ServiceBusTriggerAttribute("q")));
    }

    [Fact]
    public void it_registers_no_host_extension_so_builds_need_nothing_the_mirror_lacks()
    {
        Assert.SkipWhen(Attribute.Assembly.GetName().Name != "Hub.Functions.ServiceBusBinding",
            "Built with -p:HubOfficialServiceBusExtension=true: the official attribute registers the host extension on purpose.");

        Assert.Empty(Attribute.Assembly.GetCustomAttributes<ExtensionInformationAttribute>());
    }

    [Fact]
    public void is_batched_and_cardinality_are_one_setting()
    {
        var attribute = new ServiceBusTriggerAttribute("orders", "read-store");
        ISupportCardinality cardinality = attribute;

        cardinality.Cardinality = Cardinality.Many;
        Assert.True(attribute.IsBatched);
        attribute.IsBatched = false;
        Assert.Equal(Cardinality.One, cardinality.Cardinality);
    }

    [Fact]
    public void the_message_actions_have_the_official_name_constructor_and_dead_letter_signature()
    {
        var actions = typeof(ServiceBusMessageActions);
        Assert.Equal("Microsoft.Azure.Functions.Worker.ServiceBusMessageActions", actions.FullName);
        Assert.False(actions.IsSealed);
        var constructor = Assert.Single(actions.GetConstructors(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public),
            c => c.GetParameters().Length == 0);
        Assert.True(constructor.IsFamily);

        var deadLetter = actions.GetMethod("DeadLetterMessageAsync",
            [typeof(ServiceBusReceivedMessage), typeof(Dictionary<string, object>), typeof(string), typeof(string), typeof(CancellationToken)]);

        Assert.NotNull(deadLetter);
        Assert.True(deadLetter.IsVirtual);
        Assert.Equal(typeof(Task), deadLetter.ReturnType);
        Assert.Equal(["message", "propertiesToModify", "deadLetterReason", "deadLetterErrorDescription", "cancellationToken"],
            deadLetter.GetParameters().Select(p => p.Name));
        Assert.All(deadLetter.GetParameters().Skip(1), p => Assert.True(p.HasDefaultValue));
    }
}

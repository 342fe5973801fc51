using CtiPush.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CtiPush.ScreenPop;

internal sealed class ScreenPopSettingConfiguration : IEntityTypeConfiguration<ScreenPopSetting>
{
    public void Configure(EntityTypeBuilder<ScreenPopSetting> setting)
    {
        setting.ToTable("screen_pop_settings");
        // One row per person, made at their first change; gone with the person.
        setting.HasKey(s => s.PersonId);
        setting.Property(s => s.PersonId).ValueGeneratedNever();
        setting.HasOne<Person>().WithOne().HasForeignKey<ScreenPopSetting>(s => s.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}

/**
 * A room's temperature as one heat capacity: it loses heat to the outdoors through its walls and windows
 * (Newton's law of cooling, time constant τ_loss), gains it from a heater run by a proportional thermostat
 * (time constant τ_heat, on only below the set-point) and from the sun through its windows:
 *
 *   dT/dt = (T_out − T) / τ_loss + max(0, T_set − T) / τ_heat + g · E / 100,000 lx
 *
 * Within one step the conditions are held, so the equation is linear and solved exactly (an exponential
 * towards the regime's equilibrium): stable at any step, an hour as well as a second.
 */

export interface ThermalTraits {
  /** Hours for the room's excess over the outdoors to fall by a factor e with the heating off. */
  readonly lossHours: number;
  /** Hours for the heating to close the gap to the set-point by a factor e. */
  readonly heatingHours: number;
  /** °C per hour of warming from the sun through the windows with 100,000 lx outdoors. */
  readonly solarGainPerHour: number;
}

export interface ThermalConditions {
  /** °C. */
  readonly outdoor: number;
  /** °C: the thermostat's set-point for this room. */
  readonly setpoint: number;
  /** Clear-sky daylight outdoors, lux. */
  readonly illuminance: number;
}

const FULL_SUN_LUX = 100_000;

/** Where the room heads, and how fast (per hour), with the heating on or off. */
function regime(heating: boolean, c: ThermalConditions, traits: ThermalTraits): { target: number; rate: number } {
  const sun = (traits.solarGainPerHour * c.illuminance) / FULL_SUN_LUX;
  const loss = 1 / traits.lossHours;
  if (!heating) return { target: c.outdoor + sun / loss, rate: loss };
  const heat = 1 / traits.heatingHours;
  return { target: (c.outdoor * loss + c.setpoint * heat + sun) / (loss + heat), rate: loss + heat };
}

/**
 * The temperature the room settles at under constant conditions. Below the set-point a proportional
 * thermostat settles a little short of it (its droop); when the outdoors and the sun alone keep the room
 * above the set-point, the heating stays off.
 */
export function equilibrium(c: ThermalConditions, traits: ThermalTraits): number {
  const unheated = regime(false, c, traits).target;
  return unheated >= c.setpoint ? unheated : regime(true, c, traits).target;
}

/** The temperature after `hours` under `c`, from `temperature`; the heating is on if the room starts below its set-point. */
export function relax(temperature: number, c: ThermalConditions, traits: ThermalTraits, hours: number): number {
  const { target, rate } = regime(temperature < c.setpoint, c, traits);
  return target + (temperature - target) * Math.exp(-rate * hours);
}

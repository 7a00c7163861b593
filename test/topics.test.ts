import { describe, expect, it } from 'vitest';
import { RESERVED_LEVELS, topic, topicLevelProblem, topicPrefixProblem } from '../src/topics/levels.js';

describe('topicLevelProblem', () => {
  it.each(['paris', 'sao-paulo', 'Maison', 'my home', 'été', '123', 'a'.repeat(256), 'é'.repeat(128), 'x$', 'bridge'])(
    'accepts %j',
    (level) => {
      expect(topicLevelProblem(level)).toBeUndefined();
    },
  );

  it.each([
    ['', 'is empty'],
    ['a/b', 'contains "/", "+" or "#" (MQTT separators and wildcards)'],
    ['+', 'contains "/", "+" or "#" (MQTT separators and wildcards)'],
    ['a+', 'contains "/", "+" or "#" (MQTT separators and wildcards)'],
    ['#', 'contains "/", "+" or "#" (MQTT separators and wildcards)'],
    ['a\0b', 'contains a NUL character'],
    ['$SYS', 'starts with "$" (reserved for broker topics such as $SYS)'],
    ['$', 'starts with "$" (reserved for broker topics such as $SYS)'],
    [' paris', 'has leading or trailing spaces'],
    ['paris\t', 'contains a control character (a tab, a newline…)'],
    ['a'.repeat(257), 'is longer than 256 bytes'],
    ['é'.repeat(129), 'is longer than 256 bytes'], // 129 characters but 258 UTF-8 bytes
  ])('refuses %j: %s', (level, problem) => {
    expect(topicLevelProblem(level)).toBe(problem);
  });
});

describe('topicPrefixProblem', () => {
  it.each(['exterieur', 'home/weather', 'home/weather/outside', 'Maison', 'a/b/c/d'])('accepts %j', (prefix) => {
    expect(topicPrefixProblem(prefix)).toBeUndefined();
  });

  it.each([
    ['', 'is empty'],
    ['/home', 'has an empty level (a leading, trailing or double "/")'],
    ['home/', 'has an empty level (a leading, trailing or double "/")'],
    ['home//weather', 'has an empty level (a leading, trailing or double "/")'],
    ['/', 'has an empty level (a leading, trailing or double "/")'],
    ['#', 'has a level "#" that contains "/", "+" or "#" (MQTT separators and wildcards)'],
    ['home/#', 'has a level "#" that contains "/", "+" or "#" (MQTT separators and wildcards)'],
    ['home/+/weather', 'has a level "+" that contains "/", "+" or "#" (MQTT separators and wildcards)'],
    ['$SYS/weather', 'has a level "$SYS" that starts with "$" (reserved for broker topics such as $SYS)'],
    ['home/$x', 'has a level "$x" that starts with "$" (reserved for broker topics such as $SYS)'],
    ['home/a\0b', 'has a level "a\0b" that contains a NUL character'],
    [' home', 'has a level " home" that has leading or trailing spaces'],
  ])('refuses %j: %s', (prefix, problem) => {
    expect(topicPrefixProblem(prefix)).toBe(problem);
  });
});

describe('topic', () => {
  it.each([
    [['exterieur', 'paris', 'temperature'], 'exterieur/paris/temperature'],
    [['home/weather', 'sao-paulo', 'humidity'], 'home/weather/sao-paulo/humidity'],
    [['exterieur', 'bridge', 'status'], 'exterieur/bridge/status'],
    [['solo'], 'solo'],
  ])('topic(%j) is %j', (levels, expected) => {
    expect(topic(...levels)).toBe(expected);
  });
});

describe('RESERVED_LEVELS', () => {
  it('reserves exactly "bridge" for the bridge\'s own topics', () => {
    expect([...RESERVED_LEVELS]).toEqual(['bridge']);
  });
});

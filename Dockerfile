# The console as a published app. Build: docker build -t console .   (the context is the repository root)
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Console.Web -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
# curl for the compose health check; the runtime image has none.
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
VOLUME /data
EXPOSE 5601
ENTRYPOINT ["dotnet", "Console.Web.dll", "--Urls=http://0.0.0.0:5601", "--Storage:DataPath=/data"]

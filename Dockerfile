# syntax=docker/dockerfile:1
# Build: docker build -t childforum .
# Migrate: docker run --rm -v childforum-data:/data childforum migrate
# Run:     docker run -p 8080:8080 -v childforum-data:/data childforum
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# Front-end libraries come from npm during the build (modules' package.json → wwwroot/lib).
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props ChildForum.sln ./
COPY src/ src/
COPY modules/ modules/
COPY themes/ themes/
# ReadyToRun: the assemblies are compiled ahead of time, so a new container serves at full speed at once instead of
# compiling its hot paths for its first minutes under load (docs/benchmarks.md, issue 14).
ARG TARGETARCH
RUN rid=linux-$([ "$TARGETARCH" = "arm64" ] && echo arm64 || echo x64) \
    && dotnet publish src/ChildForum.Web/ChildForum.Web.csproj -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final
WORKDIR /app
COPY --from=build /app .
# The configuration keys of the public contract, with their production defaults.
ENV ASPNETCORE_ENVIRONMENT=Production \
    ASPNETCORE_HTTP_PORTS=8080 \
    ChildForum__DataPath=/data \
    ChildForum__Recipe=empty \
    ChildForum__MigrateOnStart=false \
    ChildForum__AllowSelfRegistration=false \
    ConnectionStrings__Postgres= \
    ConnectionStrings__Redis= \
    Search__Backend=lucene \
    Search__Elasticsearch__Url=
# /data holds the SQLite database (with the data-protection keys for sign-ins and invitation links), the search index and uploads.
RUN mkdir -p /data && chown app:app /data
USER app
VOLUME /data
# Orchestrators probe GET /health (200 when the database and configured services answer).
EXPOSE 8080
ENTRYPOINT ["dotnet", "ChildForum.Web.dll"]
